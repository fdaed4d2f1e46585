import { AUSCULTATION_SITES, siteView, type AuscultationSite } from '@consultdesk/protocol';

/*
 * Where each site sits on the body diagram (a 200 × 260 torso). The front view
 * faces the viewer, so the patient's left is on the right; the back view shows
 * the patient's left on the left, as the clinic doctor standing behind sees it.
 */

export const DIAGRAM_VIEWBOX = '0 0 200 260';

/** The torso's outline: shoulders, chest, waist. */
export const TORSO_PATH = 'M60 20 Q100 8 140 20 L178 42 Q186 60 176 90 L166 120 Q160 180 164 240 L36 240 Q40 180 34 120 L24 90 Q14 60 22 42 Z';

const CARDIAC: Record<string, [number, number]> = {
	// 2nd intercostal space, right and left sternal border.
	aortic: [88, 78],
	pulmonic: [112, 78],
	// 3rd intercostal space, left sternal border.
	'erbs-point': [114, 98],
	// 4th–5th intercostal space, left lower sternal border.
	tricuspid: [110, 122],
	// 5th intercostal space, left midclavicular line (the apex).
	mitral: [136, 134],
};

const LEVEL_Y = { upper: 62, middle: 108, lower: 158 } as const;

function lungPoint(site: string): [number, number] {
	const [, view, side, level] = site.split('-') as [string, 'anterior' | 'posterior', 'left' | 'right', keyof typeof LEVEL_Y];
	// Front: the patient's left appears on the viewer's right.
	const onViewersRight = view === 'anterior' ? side === 'left' : side === 'right';
	const x = onViewersRight ? 156 : 44;
	return [view === 'anterior' && level === 'lower' ? (onViewersRight ? 160 : 40) : x, LEVEL_Y[level] + (view === 'posterior' ? 6 : 0)];
}

export interface SitePoint {
	site: AuscultationSite;
	view: 'anterior' | 'posterior';
	x: number;
	y: number;
}

export const SITE_POINTS: readonly SitePoint[] = AUSCULTATION_SITES.map((site) => {
	const [x, y] = CARDIAC[site] ?? lungPoint(site);
	return { site, view: siteView(site), x, y };
});

export function pointsOn(view: 'anterior' | 'posterior'): SitePoint[] {
	return SITE_POINTS.filter((p) => p.view === view);
}
