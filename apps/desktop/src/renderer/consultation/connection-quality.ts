/** The few fields of WebRTC stats that connection quality is computed from. */
export interface StatsEntry {
	type: string;
	id: string;
	[key: string]: unknown;
}

/** One look at a terminal's transports' stats, reduced to what quality needs. */
export interface QualitySample {
	atMs: number;
	rttMs: number | undefined;
	path: 'udp' | 'tcp' | undefined;
	packetsReceived: number;
	packetsLost: number;
	bytesReceived: number;
	bytesSent: number;
}

/** What the consoles show about the link: all figures with their units in the UI. */
export interface ConnectionQuality {
	/** Round-trip time to the server, ms. */
	rttMs: number | undefined;
	/** Inbound packets lost since the previous sample, percent. */
	lossPercent: number | undefined;
	/** kbit/s received and sent since the previous sample. */
	inKbps: number | undefined;
	outKbps: number | undefined;
	/** How media reaches the server: UDP, or TCP when UDP is blocked. */
	path: 'udp' | 'tcp' | undefined;
}

const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/**
 * Reduces the stats reports of this terminal's transports to one sample: the
 * selected candidate pair's round trip and protocol, and the packet and byte
 * counters of every RTP stream.
 */
export function sampleStats(reports: readonly (readonly StatsEntry[])[], atMs: number): QualitySample {
	const sample: QualitySample = { atMs, rttMs: undefined, path: undefined, packetsReceived: 0, packetsLost: 0, bytesReceived: 0, bytesSent: 0 };
	const rtts: number[] = [];
	for (const report of reports) {
		const byId = new Map(report.map((s) => [s.id, s]));
		const transport = report.find((s) => s.type === 'transport');
		const pair =
			(typeof transport?.selectedCandidatePairId === 'string' ? byId.get(transport.selectedCandidatePairId) : undefined) ??
			report.find((s) => s.type === 'candidate-pair' && s.state === 'succeeded' && s.nominated === true);
		if (pair) {
			if (typeof pair.currentRoundTripTime === 'number') rtts.push(pair.currentRoundTripTime * 1000);
			const local = typeof pair.localCandidateId === 'string' ? byId.get(pair.localCandidateId) : undefined;
			if (local?.protocol === 'udp' || local?.protocol === 'tcp') sample.path = local.protocol;
		}
		for (const s of report) {
			if (s.type === 'inbound-rtp') {
				sample.packetsReceived += num(s.packetsReceived);
				sample.packetsLost += num(s.packetsLost);
				sample.bytesReceived += num(s.bytesReceived);
			} else if (s.type === 'outbound-rtp') sample.bytesSent += num(s.bytesSent);
		}
	}
	if (rtts.length > 0) sample.rttMs = Math.max(...rtts);
	return sample;
}

/** Quality between two samples of the same transports; rates need both, the round trip and path only the newer one. */
export function qualityBetween(previous: QualitySample | undefined, next: QualitySample): ConnectionQuality {
	const quality: ConnectionQuality = { rttMs: next.rttMs, path: next.path, lossPercent: undefined, inKbps: undefined, outKbps: undefined };
	if (!previous) return quality;
	const seconds = (next.atMs - previous.atMs) / 1000;
	const received = next.packetsReceived - previous.packetsReceived;
	const lost = next.packetsLost - previous.packetsLost;
	// Counters start again on new transports (a fresh seat): no rate across that.
	if (seconds <= 0 || received < 0 || lost < 0 || next.bytesSent < previous.bytesSent || next.bytesReceived < previous.bytesReceived) return quality;
	if (received + lost > 0) quality.lossPercent = (100 * lost) / (received + lost);
	quality.inKbps = ((next.bytesReceived - previous.bytesReceived) * 8) / 1000 / seconds;
	quality.outKbps = ((next.bytesSent - previous.bytesSent) * 8) / 1000 / seconds;
	return quality;
}
