/** What the media test measured on this terminal's path to the SFU. */
export interface MediaPathResult {
	/** How the media flowed: UDP as WebRTC prefers, or TCP when a firewall blocks UDP. */
	path: 'udp' | 'tcp';
	roundTripMs: number;
	/** The upload the SFU actually received and the sender's estimate, whichever is lower. */
	uploadKbps: number;
	lossPercent: number;
}

export type Verdict = 'good' | 'videoReduced' | 'stethoscopeOnly' | 'tooSlow' | 'unreachable';

/** Remarks shown under the verdict. */
export type VerdictNote = 'tcpOnly' | 'highLatency' | 'lossy';

/*
 * Thresholds from what the consultation sends: the stethoscope alone is
 * 128 kbit/s of stereo Opus plus overhead, voice about 40; exam video wants
 * about 1 Mbit/s at 720p and is still useful at 500 kbit/s. The test's
 * figure is what the sender's bandwidth estimate reached in a few seconds
 * (it starts at 1 Mbit/s and probes upwards): a lower bound on the link.
 */
const STETHOSCOPE_AND_VOICE_KBPS = 200;
const USABLE_VIDEO_KBPS = 500;
const GOOD_VIDEO_KBPS = 1000;

/** A plain-language verdict a clinic doctor can act on, from the media test. */
export function verdictOf(result: MediaPathResult | undefined): { verdict: Verdict; notes: VerdictNote[] } {
	if (!result) return { verdict: 'unreachable', notes: [] };
	const notes: VerdictNote[] = [];
	if (result.path === 'tcp') notes.push('tcpOnly');
	if (result.roundTripMs > 400) notes.push('highLatency');
	if (result.lossPercent > 5) notes.push('lossy');
	const verdict: Verdict =
		result.uploadKbps >= GOOD_VIDEO_KBPS ? 'good' : result.uploadKbps >= USABLE_VIDEO_KBPS ? 'videoReduced' : result.uploadKbps >= STETHOSCOPE_AND_VOICE_KBPS ? 'stethoscopeOnly' : 'tooSlow';
	return { verdict, notes };
}
