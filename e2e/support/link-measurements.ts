import type { Page } from 'playwright-core';

/*
 * What an expert page receives, measured inside it: the WebRTC receive stats
 * of the stethoscope and exam video (through every RTCPeerConnection the app
 * made, recorded by PEER_CONNECTION_TAP), and the longest dropout heard in
 * the stethoscope. Shared by the link tests and the link-profile benchmark.
 */

/** Keeps every RTCPeerConnection the page makes in window.__pcs; install before the app loads (addInitScript). */
export const PEER_CONNECTION_TAP = `(() => {
	const Native = window.RTCPeerConnection;
	const made = [];
	window.__pcs = made;
	window.RTCPeerConnection = class extends Native {
		constructor(...args) {
			super(...args);
			made.push(this);
		}
	};
})();`;

export interface ReceivedMedia {
	/** Stethoscope samples concealed by the jitter buffer, of all received (0–1). */
	concealment: number | undefined;
	video: { fps: number | undefined; width: number | undefined; height: number | undefined };
}

/** The stethoscope's concealment and the exam video's frame rate and size, from the receiver's stats. */
export async function receivedMedia(page: Page): Promise<ReceivedMedia> {
	return page.evaluate(async () => {
		// No named functions in here: tsx would wrap them in a helper the page does not have.
		const [stethoscope, video] = ['stethoscope', 'exam-video'].map(
			(source) => (document.querySelector<HTMLMediaElement>(`[data-source="${source}"]`)?.srcObject as MediaStream | null)?.getTracks()[0]?.id,
		);
		const result: { concealment: number | undefined; video: { fps: number | undefined; width: number | undefined; height: number | undefined } } = {
			concealment: undefined,
			video: { fps: undefined, width: undefined, height: undefined },
		};
		for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs ?? []) {
			if (pc.connectionState === 'closed') continue;
			(await pc.getStats()).forEach((s: Record<string, unknown>) => {
				if (s.type !== 'inbound-rtp') return;
				if (s.kind === 'audio' && s.trackIdentifier === stethoscope && typeof s.totalSamplesReceived === 'number' && s.totalSamplesReceived > 0) {
					result.concealment = (s.concealedSamples as number) / s.totalSamplesReceived;
				}
				if (s.kind === 'video' && s.trackIdentifier === video) {
					result.video = { fps: s.framesPerSecond as number | undefined, width: s.frameWidth as number | undefined, height: s.frameHeight as number | undefined };
				}
			});
		}
		return result;
	});
}

/**
 * The longest stretch, in ms, during which the stethoscope heard at the
 * expert fell more than 20 dB below its median level (a dropout a doctor
 * would hear), over `seconds` of listening, in 5 ms blocks.
 */
export async function longestStethoscopeDropoutMs(page: Page, seconds: number): Promise<number> {
	return page.evaluate(async (secs) => {
		const stream = document.querySelector<HTMLMediaElement>('audio[data-source="stethoscope"]')?.srcObject as MediaStream | null;
		if (!stream) throw new Error('no stethoscope stream');
		const ctx = new AudioContext({ sampleRate: 48_000 });
		await ctx.resume();
		const source = ctx.createMediaStreamSource(stream);
		const processor = ctx.createScriptProcessor(1024, 1, 1);
		const block = 240; // 5 ms
		const levels: number[] = [];
		let carry: number[] = [];
		processor.onaudioprocess = (event) => {
			const data = event.inputBuffer.getChannelData(0);
			carry = carry.concat(Array.from(data));
			while (carry.length >= block) {
				const chunk = carry.splice(0, block);
				levels.push(Math.sqrt(chunk.reduce((sum, x) => sum + x * x, 0) / block));
			}
		};
		source.connect(processor);
		processor.connect(ctx.destination);
		await new Promise((r) => setTimeout(r, secs * 1000));
		processor.disconnect();
		source.disconnect();
		await ctx.close();
		const median = [...levels].sort((a, b) => a - b)[Math.floor(levels.length / 2)] ?? 0;
		const floor = median / 10;
		let longest = 0;
		let run = 0;
		for (const level of levels) {
			run = level < floor ? run + 1 : 0;
			longest = Math.max(longest, run);
		}
		return longest * 5;
	}, seconds);
}
