import type { AuscultationSite } from '@consultdesk/protocol';
import { useTranslation } from 'react-i18next';
import type { AuscultationSites } from '../auscultation/auscultation-sites.js';
import { DIAGRAM_VIEWBOX, pointsOn, TORSO_PATH } from '../auscultation/body-diagram.js';
import { useEmitterState } from '../screens/use-emitter-state.js';

/**
 * The body diagram, front and back. The clinic doctor taps where the chest
 * piece is; an expert taps where they want it. Both see the marked site and
 * the pending request live.
 */
export function AuscultationSitePanel({ sites }: { sites: AuscultationSites }) {
	const { t } = useTranslation();
	const state = useEmitterState(sites, 'change', () => sites.state);
	const siteName = (site: AuscultationSite) => t(`auscultation.sites.${site}`);
	const choose = (site: AuscultationSite) => {
		if (sites.canMark) void sites.mark(site);
		else if (sites.canRequest) void sites.request(site);
	};
	const interactive = sites.canMark || sites.canRequest;

	return (
		<section className="card auscultation-sites" data-testid="auscultation-sites">
			<h3>{t('auscultation.title')}</h3>
			<p data-testid="auscultation-site" data-site={state.site ?? ''}>
				{state.site ? t('auscultation.current', { site: siteName(state.site) }) : t('auscultation.noSite')}
			</p>
			{state.requested && (
				<p className="warning requested-site" role="status" data-testid="auscultation-requested" data-site={state.requested.site}>
					{t('auscultation.requested', { name: state.requested.byDisplayName, site: siteName(state.requested.site) })}
				</p>
			)}
			<div className="body-diagrams">
				{(['anterior', 'posterior'] as const).map((view) => (
					<figure key={view}>
						<svg viewBox={DIAGRAM_VIEWBOX} role="group" aria-label={t(`auscultation.${view}`)} data-view={view}>
							<path d={TORSO_PATH} className="torso" />
							<text x={view === 'anterior' ? 186 : 14} y={16} className="side-mark" textAnchor="middle">
								{t('auscultation.patientLeft')}
							</text>
							<text x={view === 'anterior' ? 14 : 186} y={16} className="side-mark" textAnchor="middle">
								{t('auscultation.patientRight')}
							</text>
							{pointsOn(view).map(({ site, x, y }) => {
								const classes = ['site', site === state.site ? 'marked' : '', site === state.requested?.site ? 'requested' : ''].filter(Boolean).join(' ');
								return (
									<g key={site}>
										<circle
											cx={x}
											cy={y}
											r={7}
											className={classes}
											data-testid={`site-${site}`}
											role={interactive ? 'button' : 'img'}
											tabIndex={interactive ? 0 : -1}
											aria-label={siteName(site)}
											aria-pressed={interactive ? site === state.site : undefined}
											onClick={() => choose(site)}
											onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && choose(site)}
										>
											<title>{siteName(site)}</title>
										</circle>
									</g>
								);
							})}
						</svg>
						<figcaption>{t(`auscultation.${view}`)}</figcaption>
					</figure>
				))}
			</div>
			{sites.canMark && (
				<button type="button" className="secondary" data-testid="site-lift" onClick={() => void sites.mark(null)} disabled={state.site === null}>
					{t('auscultation.lift')}
				</button>
			)}
			<p className="hint">{sites.canMark ? t('auscultation.markHint') : sites.canRequest ? t('auscultation.requestHint') : ''}</p>
		</section>
	);
}
