import { VITAL_KINDS, type VitalCode, type VitalsObservation } from '@consultdesk/protocol';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** Columns uPlot draws: time in seconds, then one per code (null where an observation lacks it). */
export function trendColumns(recent: readonly VitalsObservation[], codes: readonly VitalCode[]): uPlot.AlignedData {
	const ordered = [...recent].sort((a, b) => a.measuredAt - b.measuredAt);
	const value = (o: VitalsObservation, code: VitalCode) => o.readings.find((r) => r.code === code)?.value ?? null;
	return [ordered.map((o) => o.measuredAt / 1000), ...codes.map((code) => ordered.map((o) => value(o, code)))];
}

/**
 * The time axis spans at least this long (seconds), ending at the newest
 * reading: uPlot's own range for a single reading is 1,000 days, and a few
 * seconds of readings would fill the whole width.
 */
export const MIN_TREND_WINDOW_S = 5 * 60;

/** The time range drawn for readings from `first` to `last` (seconds). */
export function trendTimeRange(first: number, last: number): { min: number; max: number } {
	return last - first < MIN_TREND_WINDOW_S ? { min: last - MIN_TREND_WINDOW_S, max: last } : { min: first, max: last };
}

/**
 * Times on the trend in the app's language, 24-hour, with seconds only where
 * the ticks are closer than a minute and the date only where they are a day
 * apart or more (uPlot's own labels are English: "6:48am", "Feb").
 */
export function trendTimeFormat(language: string): { tick: (seconds: number, incrementSeconds: number) => string; point: (seconds: number) => string } {
	const minutes = new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
	const seconds = new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
	const days = new Intl.DateTimeFormat(language, { month: 'short', day: 'numeric' });
	return {
		tick: (at, increment) => (increment >= 86_400 ? days : increment < 60 ? seconds : minutes).format(at * 1000),
		point: (at) => seconds.format(at * 1000),
	};
}

const HEIGHT = 160;
/**
 * The trend is redrawn at most this often: at ten readings a second per
 * device, drawing each one would cost the expert's screen more than the
 * numbers above it, and a doctor does not read a trend at 10 Hz. The large
 * number of the latest value still shows each reading as it arrives.
 */
const REDRAW_INTERVAL_MS = 250;
const COLOURS = ['#0b6e6e', '#a4410e', '#5b3fa0', '#2f6f2f'];

/** One scale per unit (its range from the registry's plausible values), the first on the left, the second on the right. */
function chartOptions(timeLabel: string, language: string, fontFamily: string, codes: readonly VitalCode[], labels: readonly string[], unitLabel: (unit: string) => string): Omit<uPlot.Options, 'width'> {
	const units = [...new Set(codes.map((c) => VITAL_KINDS[c].unit))];
	const times = trendTimeFormat(language);
	// The axes are drawn on a canvas, in the page's font (uPlot's default stack has no Chinese or Khmer).
	const font = { font: `12px ${fontFamily}`, labelFont: `bold 12px ${fontFamily}` };
	return {
		height: HEIGHT,
		legend: { show: true },
		cursor: { drag: { x: false, y: false } },
		scales: Object.fromEntries(units.map((u) => [u, { auto: true }])),
		series: [
			{ label: timeLabel, value: (_u, at) => (at === null ? '--' : times.point(at)) },
			...codes.map((code, i) => ({ label: labels[i], scale: VITAL_KINDS[code].unit, stroke: COLOURS[i % COLOURS.length], width: 2 })),
		],
		axes: [
			{ ...font, values: (_u, splits, _axis, _space, increment) => splits.map((at) => times.tick(at, increment)) },
			...units.slice(0, 2).map((u, i) => ({ ...font, scale: u, label: unitLabel(u), size: 50, ...(i === 1 ? { side: 1 as const, grid: { show: false } } : {}) })),
		],
	};
}

/** Puts the observations on the chart, over at least MIN_TREND_WINDOW_S. */
function draw(chart: uPlot, recent: readonly VitalsObservation[], codes: readonly VitalCode[]): void {
	const columns = trendColumns(recent, codes);
	chart.setData(columns);
	const times = columns[0];
	if (times.length > 0) chart.setScale('x', trendTimeRange(times[0]!, times[times.length - 1]!));
}

/** The trend of one device's observations so far, each vital on its unit's axis. */
export function VitalsTrend({ recent, codes }: { recent: readonly VitalsObservation[]; codes: readonly VitalCode[] }) {
	const host = useRef<HTMLDivElement>(null);
	const plot = useRef<uPlot>(undefined);
	const { t, i18n } = useTranslation();
	const time = t('vitals.timeColumn');
	const language = i18n.resolvedLanguage ?? 'en';
	const key = codes.join(',');
	const labels = codes.map((c) => t('vitals.column', { label: t(`vitals.labels.${c}`), unit: t(`vitals.units.${VITAL_KINDS[c].unit}`) })).join('\u0000');
	const unitLabels = [...new Set(codes.map((c) => VITAL_KINDS[c].unit))].map((u) => `${u}\u0001${t(`vitals.units.${u}`)}`).join('\u0000');
	/** The observations to draw next: the newest, whenever a redraw or a new chart comes. */
	const latest = useRef(recent);

	useEffect(() => {
		const element = host.current;
		if (!element) return;
		const codeList = key.split(',') as VitalCode[];
		const unitNames = new Map(unitLabels.split('\u0000').map((pair) => pair.split('\u0001') as [string, string]));
		const options = chartOptions(time, language, getComputedStyle(element).fontFamily, codeList, labels.split('\u0000'), (u) => unitNames.get(u) ?? u);
		const chart = new uPlot({ ...options, width: element.clientWidth || 320 }, [[], ...codeList.map(() => [])], element);
		plot.current = chart;
		// A chart made again (the language changed) shows what it had at once, not only after the next reading.
		draw(chart, latest.current, codeList);
		const resize = new ResizeObserver(() => chart.setSize({ width: element.clientWidth, height: HEIGHT }));
		resize.observe(element);
		return () => {
			resize.disconnect();
			chart.destroy();
			plot.current = undefined;
		};
	}, [time, language, key, labels, unitLabels]);

	const redraw = useRef<ReturnType<typeof setTimeout>>(undefined);
	const drawnAt = useRef(-Infinity);
	useEffect(() => {
		latest.current = recent;
		// Already due: that redraw takes the newest data. Otherwise one is scheduled, outside React's commit and so after the numbers are painted.
		if (redraw.current !== undefined) return;
		redraw.current = setTimeout(
			() => {
				redraw.current = undefined;
				drawnAt.current = performance.now();
				if (plot.current) draw(plot.current, latest.current, key.split(',') as VitalCode[]);
			},
			Math.max(0, drawnAt.current + REDRAW_INTERVAL_MS - performance.now()),
		);
	}, [recent, key]);
	useEffect(
		() => () => {
			clearTimeout(redraw.current);
			redraw.current = undefined;
		},
		[],
	);

	return <div ref={host} className="vitals-trend" data-testid="vitals-trend" aria-label={t('vitals.trend')} />;
}
