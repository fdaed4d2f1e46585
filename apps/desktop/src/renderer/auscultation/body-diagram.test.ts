import { AUSCULTATION_SITES } from '@consultdesk/protocol';
import { describe, expect, it } from 'vitest';
import { pointsOn, SITE_POINTS } from './body-diagram.js';

describe('the body diagram', () => {
	it('places every site once, inside the torso, cardiac sites and anterior lung fields on the front', () => {
		expect(SITE_POINTS.map((p) => p.site)).toEqual(AUSCULTATION_SITES);
		for (const p of SITE_POINTS) {
			expect(p.x).toBeGreaterThan(20);
			expect(p.x).toBeLessThan(180);
			expect(p.y).toBeGreaterThan(20);
			expect(p.y).toBeLessThan(240);
		}
		expect(pointsOn('anterior')).toHaveLength(5 + 6);
		expect(pointsOn('posterior')).toHaveLength(6);
	});

	it('draws the patient’s left on the viewer’s right at the front and on the left at the back', () => {
		const at = (site: string) => SITE_POINTS.find((p) => p.site === site)!;
		expect(at('lung-anterior-left-upper').x).toBeGreaterThan(100);
		expect(at('lung-posterior-left-upper').x).toBeLessThan(100);
		expect(at('mitral').x).toBeGreaterThan(at('aortic').x);
	});

	it('keeps sites on one view at least a finger apart (12 units)', () => {
		for (const view of ['anterior', 'posterior'] as const) {
			const points = pointsOn(view);
			for (const a of points) for (const b of points) if (a !== b) expect(Math.hypot(a.x - b.x, a.y - b.y), `${a.site}/${b.site}`).toBeGreaterThanOrEqual(12);
		}
	});
});
