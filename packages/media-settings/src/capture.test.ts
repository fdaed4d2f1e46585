import { describe, expect, it } from 'vitest';
import { captureConstraints } from './capture.js';

describe('capture constraints', () => {
	it('captures the stethoscope with every voice-processing stage off', () => {
		const { audio } = captureConstraints('stethoscope', 'steth-1') as { audio: MediaTrackConstraints };
		expect(audio).toMatchObject({
			echoCancellation: false,
			noiseSuppression: false,
			autoGainControl: false,
			deviceId: { exact: 'steth-1' },
		});
	});

	it('asks for video only for the exam camera, and any camera when none is chosen', () => {
		expect(captureConstraints('exam-video')).toMatchObject({ audio: false, video: { frameRate: { max: 30 } } });
		expect((captureConstraints('exam-video').video as MediaTrackConstraints).deviceId).toBeUndefined();
	});

	it('only prefers 48 kHz and never demands a rate or channel count, so a mono 8, 16 or 44.1 kHz stethoscope still opens', () => {
		const { audio } = captureConstraints('stethoscope', 'steth-1') as { audio: MediaTrackConstraints };
		expect(audio.sampleRate).toEqual({ ideal: 48_000 });
		// Opus in stereo mode carries a mono track as two equal channels; nothing forces stereo at capture.
		expect(audio.channelCount).toBeUndefined();
		for (const key of ['sampleRate', 'channelCount', 'sampleSize'] as const) {
			const value = audio[key];
			if (typeof value === 'object' && value !== null) expect(Object.keys(value)).toEqual(['ideal']);
		}
	});
});
