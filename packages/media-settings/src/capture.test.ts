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
});
