import { describe, expect, it } from 'vitest';
import { verdictOf } from './connectivity-verdict.js';

describe('verdictOf', () => {
	it('tells a clinic doctor what will work at each upload speed', () => {
		expect(verdictOf({ path: 'udp', roundTripMs: 40, uploadKbps: 2500, lossPercent: 0 })).toEqual({ verdict: 'good', notes: [] });
		expect(verdictOf({ path: 'udp', roundTripMs: 200, uploadKbps: 700, lossPercent: 1 }).verdict).toBe('videoReduced');
		expect(verdictOf({ path: 'udp', roundTripMs: 250, uploadKbps: 300, lossPercent: 2 }).verdict).toBe('stethoscopeOnly');
		expect(verdictOf({ path: 'udp', roundTripMs: 250, uploadKbps: 90, lossPercent: 2 }).verdict).toBe('tooSlow');
		expect(verdictOf(undefined)).toEqual({ verdict: 'unreachable', notes: [] });
	});

	it('adds what IT should know: TCP only, long round trips, heavy loss', () => {
		expect(verdictOf({ path: 'tcp', roundTripMs: 650, uploadKbps: 2000, lossPercent: 8 }).notes).toEqual(['tcpOnly', 'highLatency', 'lossy']);
	});
});
