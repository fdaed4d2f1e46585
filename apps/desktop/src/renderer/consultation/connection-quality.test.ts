import { describe, expect, it } from 'vitest';
import { qualityBetween, sampleStats, type StatsEntry } from './connection-quality.js';

/** A receive transport's stats as Chromium reports them (only the fields used), over TCP with 212 ms round trip. */
function recvReport(packetsReceived: number, packetsLost: number, bytesReceived: number): StatsEntry[] {
	return [
		{ type: 'transport', id: 'T1', selectedCandidatePairId: 'CP1' },
		{ type: 'candidate-pair', id: 'CP0', state: 'failed', nominated: false, currentRoundTripTime: 9, localCandidateId: 'L0' },
		{ type: 'candidate-pair', id: 'CP1', state: 'succeeded', nominated: true, currentRoundTripTime: 0.212, localCandidateId: 'L1' },
		{ type: 'local-candidate', id: 'L0', protocol: 'udp' },
		{ type: 'local-candidate', id: 'L1', protocol: 'tcp' },
		{ type: 'inbound-rtp', id: 'IA', kind: 'audio', packetsReceived, packetsLost, bytesReceived },
	];
}
const sendReport = (bytesSent: number): StatsEntry[] => [{ type: 'outbound-rtp', id: 'OA', bytesSent }];

describe('connection quality', () => {
	it('reads the selected pair: round trip in ms and the path, not a failed pair', () => {
		const sample = sampleStats([recvReport(100, 0, 10_000)], 0);
		expect(sample).toMatchObject({ rttMs: 212, path: 'tcp', packetsReceived: 100, bytesReceived: 10_000 });
	});

	it('computes loss and bit rates between two samples', () => {
		const first = sampleStats([recvReport(1000, 10, 100_000), sendReport(50_000)], 10_000);
		const second = sampleStats([recvReport(1980, 30, 225_000), sendReport(150_000)], 12_000);
		const quality = qualityBetween(first, second);
		expect(quality.lossPercent).toBeCloseTo(2, 5); // 20 lost of 1,000
		expect(quality.inKbps).toBeCloseTo(500, 5); // 125,000 bytes in 2 s
		expect(quality.outKbps).toBeCloseTo(400, 5);
		expect(quality).toMatchObject({ rttMs: 212, path: 'tcp' });
	});

	it('gives no rates across new transports, whose counters start again', () => {
		const before = sampleStats([recvReport(5000, 50, 900_000)], 0);
		const after = sampleStats([recvReport(10, 0, 1_000)], 2000);
		expect(qualityBetween(before, after)).toMatchObject({ lossPercent: undefined, inKbps: undefined, rttMs: 212 });
	});
});
