import type { VitalsMessage } from '@consultdesk/protocol';

export interface SimulatedPulseOximeterOptions {
	deviceId?: string;
	/** Milliseconds between readings; a real finger oximeter reports about once a second. */
	intervalMs?: number;
	now?: () => number;
}

/**
 * A pulse oximeter without hardware, for the walking skeleton and demos: a
 * plausible resting adult (SpO2 96–99 %, pulse 66–78 /min) that drifts slowly,
 * so the expert can see values change. Deterministic given its clock.
 */
export class SimulatedPulseOximeter {
	readonly deviceId: string;
	readonly intervalMs: number;
	#seq = 0;
	#timer: ReturnType<typeof setInterval> | undefined;
	readonly #now: () => number;

	constructor(options: SimulatedPulseOximeterOptions = {}) {
		this.deviceId = options.deviceId ?? 'sim-oximeter-1';
		this.intervalMs = options.intervalMs ?? 1000;
		this.#now = options.now ?? Date.now;
	}

	get closed(): boolean {
		return this.#timer === undefined;
	}

	/** The next reading; sequence numbers start at 0 and never repeat. */
	read(): VitalsMessage {
		const seq = this.#seq++;
		const spo2 = Math.round(97.5 + 1.5 * Math.sin(seq / 17));
		const pulse = Math.round(72 + 6 * Math.sin(seq / 11) + 2 * Math.sin(seq / 3));
		return {
			v: 1,
			seq,
			deviceId: this.deviceId,
			deviceKind: 'pulse-oximeter',
			measuredAt: Math.round(this.#now()),
			readings: [
				{ code: 'spo2', value: spo2, unit: '%' },
				{ code: 'pulse-rate', value: pulse, unit: '/min' },
			],
		};
	}

	/** Calls onReading with a reading now and then every intervalMs until close(). */
	start(onReading: (message: VitalsMessage) => void): void {
		if (this.#timer !== undefined) return;
		onReading(this.read());
		this.#timer = setInterval(() => onReading(this.read()), this.intervalMs);
	}

	close(): void {
		clearInterval(this.#timer);
		this.#timer = undefined;
	}
}
