import type { DeviceKind, VitalsObservation } from '@consultdesk/protocol';

/**
 * What has been seen of one device's observations. Sequence numbers are per
 * device, so gaps and order are judged per device, never across devices.
 * Immutable, so React can compare snapshots by reference.
 */
export class DeviceVitals {
	constructor(
		readonly deviceId: string,
		readonly deviceKind: DeviceKind,
		readonly capacity: number,
		/** Newest first by sequence number, at most `capacity`. */
		readonly recent: readonly VitalsObservation[],
		/** The first sequence number expected (0: devices count from 0), and how many distinct ones arrived: the rest up to the latest are missing. */
		readonly firstSeq: number,
		readonly received: number,
		/** Observations that arrived after a newer one (late live messages, or gaps filled from the server). */
		readonly late: number,
	) {}

	get latest(): VitalsObservation | undefined {
		return this.recent[0];
	}

	/** Observations that never arrived, by sequence-number gaps. */
	get missed(): number {
		const latest = this.latest;
		return latest ? latest.seq - this.firstSeq + 1 - this.received : 0;
	}

	add(observation: VitalsObservation): DeviceVitals {
		const latest = this.latest;
		if (!latest || observation.seq > latest.seq) {
			const recent = [observation, ...this.recent].slice(0, this.capacity);
			return new DeviceVitals(this.deviceId, this.deviceKind, this.capacity, recent, this.firstSeq, this.received + 1, this.late);
		}
		// Older than the latest: a duplicate is dropped; a gap is filled in order.
		if (this.recent.some((o) => o.seq === observation.seq)) return this;
		const oldest = this.recent.at(-1);
		const fitsWindow = this.recent.length < this.capacity || (oldest !== undefined && observation.seq > oldest.seq);
		const recent = fitsWindow ? [...this.recent, observation].sort((a, b) => b.seq - a.seq).slice(0, this.capacity) : this.recent;
		return new DeviceVitals(this.deviceId, this.deviceKind, this.capacity, recent, Math.min(this.firstSeq, observation.seq), this.received + 1, this.late + 1);
	}
}

/**
 * Every device's observations in one consultation, devices in the order
 * they first reported. Immutable, like DeviceVitals.
 */
export class VitalsHistory {
	private constructor(
		readonly capacity: number,
		readonly devices: readonly DeviceVitals[],
	) {}

	/** `capacity` observations kept per device. */
	static withCapacity(capacity: number): VitalsHistory {
		return new VitalsHistory(capacity, []);
	}

	device(deviceId: string): DeviceVitals | undefined {
		return this.devices.find((d) => d.deviceId === deviceId);
	}

	/** The observations not yet seen, by id; each device keeps its own order and gap count. */
	add(...observations: VitalsObservation[]): VitalsHistory {
		let devices = this.devices;
		for (const observation of observations) {
			const index = devices.findIndex((d) => d.deviceId === observation.deviceId);
			// Sequence numbers start at 0: a device first seen at seq 5 has 5 readings to fetch.
			const current = devices[index] ?? new DeviceVitals(observation.deviceId, observation.deviceKind, this.capacity, [], 0, 0, 0);
			const next = current.add(observation);
			if (next === current) continue;
			devices = index === -1 ? [...devices, next] : devices.map((d, i) => (i === index ? next : d));
		}
		return devices === this.devices ? this : new VitalsHistory(this.capacity, devices);
	}
}
