import type { VitalCode, VitalsMessage } from '@consultdesk/protocol';
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** Columns uPlot draws: time in seconds, SpO₂ in %, pulse in /min (null where a reading lacks one). */
export function trendColumns(recent: readonly VitalsMessage[]): uPlot.AlignedData {
	const ordered = [...recent].reverse();
	const value = (m: VitalsMessage, code: VitalCode) => m.readings.find((r) => r.code === code)?.value ?? null;
	return [ordered.map((m) => m.measuredAt / 1000), ordered.map((m) => value(m, 'spo2')), ordered.map((m) => value(m, 'pulse-rate'))];
}

const OPTIONS: Omit<uPlot.Options, 'width'> = {
	height: 160,
	legend: { show: true },
	cursor: { drag: { x: false, y: false } },
	scales: { spo2: { range: [80, 100] }, pulse: { range: [40, 160] } },
	series: [
		{},
		{ label: 'SpO₂ (%)', scale: 'spo2', stroke: '#0b6e6e', width: 2 },
		{ label: 'Pulse (/min)', scale: 'pulse', stroke: '#a4410e', width: 2 },
	],
	axes: [
		{},
		{ scale: 'spo2', label: '%', size: 44 },
		{ scale: 'pulse', label: '/min', side: 1, size: 44, grid: { show: false } },
	],
};

/** The trend of the readings so far, SpO₂ and pulse on their own axes. */
export function VitalsTrend({ recent }: { recent: readonly VitalsMessage[] }) {
	const host = useRef<HTMLDivElement>(null);
	const plot = useRef<uPlot>(undefined);

	useEffect(() => {
		const element = host.current;
		if (!element) return;
		const chart = new uPlot({ ...OPTIONS, width: element.clientWidth || 320 }, [[], [], []], element);
		plot.current = chart;
		const resize = new ResizeObserver(() => chart.setSize({ width: element.clientWidth, height: OPTIONS.height }));
		resize.observe(element);
		return () => {
			resize.disconnect();
			chart.destroy();
			plot.current = undefined;
		};
	}, []);

	useEffect(() => {
		plot.current?.setData(trendColumns(recent));
	}, [recent]);

	return <div ref={host} className="vitals-trend" data-testid="vitals-trend" aria-label="Vitals trend" />;
}
