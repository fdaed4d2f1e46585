import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

const MIN_ZOOM = 0.1;
const MAX_ZOOM = 16;
const clamp = (zoom: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));

/**
 * One still at full size, zoomed with the wheel or the buttons and panned
 * by dragging, so fine print on a lab report or the edge of a lesion can be
 * read pixel for pixel. 100% is one image pixel per screen pixel.
 */
export function StillViewer({ url, alt, width, height, testId }: { url: string; alt: string; width: number | undefined; height: number | undefined; testId?: string }) {
	const { t } = useTranslation();
	const [zoom, setZoom] = useState(1);
	const [pan, setPan] = useState({ x: 0, y: 0 });
	const drag = useRef<{ x: number; y: number; panX: number; panY: number }>(undefined);
	const fit = () => {
		setZoom(1);
		setPan({ x: 0, y: 0 });
	};
	return (
		<div className="still-viewer" data-testid={testId} data-zoom={zoom}>
			<div className="still-viewer-tools">
				<button type="button" onClick={() => setZoom((z) => clamp(z / 1.5))} aria-label={t('captures.zoomOut')}>
					−
				</button>
				<output>{t('captures.zoomValue', { zoom })}</output>
				<button type="button" data-testid="zoom-in" onClick={() => setZoom((z) => clamp(z * 1.5))} aria-label={t('captures.zoomIn')}>
					+
				</button>
				<button type="button" onClick={fit}>
					{t('captures.zoomFit')}
				</button>
				{width && height && <span className="hint">{t('captures.size', { width, height })}</span>}
			</div>
			<div
				className="still-viewer-stage"
				onWheel={(e) => setZoom((z) => clamp(z * (e.deltaY < 0 ? 1.15 : 1 / 1.15)))}
				onPointerDown={(e) => {
					e.currentTarget.setPointerCapture(e.pointerId);
					drag.current = { x: e.clientX, y: e.clientY, panX: pan.x, panY: pan.y };
				}}
				onPointerMove={(e) => {
					const start = drag.current;
					if (start) setPan({ x: start.panX + e.clientX - start.x, y: start.panY + e.clientY - start.y });
				}}
				onPointerUp={() => (drag.current = undefined)}
				onDoubleClick={fit}
			>
				<img src={url} alt={alt} draggable={false} style={{ transform: `translate(${pan.x}px, ${pan.y}px) scale(${zoom})` }} />
			</div>
		</div>
	);
}
