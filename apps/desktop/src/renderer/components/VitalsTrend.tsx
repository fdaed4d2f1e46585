import type { VitalCode, VitalsMessage } from '@consultdesk/protocol';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** Columns uPlot draws: time in seconds, SpO₂ in %, pulse in /min (null where a reading lacks one). */
export function trendColumns(recent: readonly VitalsMessage[]): uPlot.AlignedData {
	const ordered = [...recent].reverse();
	const value = (m: VitalsMessage, code: VitalCode) => m.readings.find((r) => r.code === code)?.value ?? null;
	return [ordered.map((m) => m.measuredAt / 1000), ordered.map((m) => value(m, 'spo2')), ordered.map((m) => value(m, 'pulse-rate'))];
}

const HEIGHT = 160;

/** The chart's options; the series names are translated, the units are the readings' own. */
function chartOptions(labels: { time: string; spo2: string; pulse: string }): Omit<uPlot.Options, 'width'> {
	return {
		height: HEIGHT,
		legend: { show: true },
		cursor: { drag: { x: false, y: false } },
		scales: { spo2: { range: [80, 100] }, pulse: { range: [40, 160] } },
		series: [
			{ label: labels.time },
			{ label: labels.spo2, scale: 'spo2', stroke: '#0b6e6e', width: 2 },
			{ label: labels.pulse, scale: 'pulse', stroke: '#a4410e', width: 2 },
		],
		axes: [
			{},
			{ scale: 'spo2', label: '%', size: 44 },
			{ scale: 'pulse', label: '/min', side: 1, size: 44, grid: { show: false } },
		],
	};
}

/** The trend of the readings so far, SpO₂ and pulse on their own axes. */
export function VitalsTrend({ recent }: { recent: readonly VitalsMessage[] }) {
	const host = useRef<HTMLDivElement>(null);
	const plot = useRef<uPlot>(undefined);
	const { t } = useTranslation();
	const time = t('vitals.timeColumn');
	const spo2 = t('vitals.spo2Column');
	const pulse = t('vitals.pulseColumn');

	useEffect(() => {
		const element = host.current;
		if (!element) return;
		const chart = new uPlot({ ...chartOptions({ time, spo2, pulse }), width: element.clientWidth || 320 }, [[], [], []], element);
		plot.current = chart;
		const resize = new ResizeObserver(() => chart.setSize({ width: element.clientWidth, height: HEIGHT }));
		resize.observe(element);
		return () => {
			resize.disconnect();
			chart.destroy();
			plot.current = undefined;
		};
	}, [time, spo2, pulse]);

	useEffect(() => {
		plot.current?.setData(trendColumns(recent));
	}, [recent]);

	return <div ref={host} className="vitals-trend" data-testid="vitals-trend" aria-label={t('vitals.trend')} />;
}
