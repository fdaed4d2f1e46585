import { describe, expect, it } from 'vitest';
import { EXAM_VIDEO, sendEncodings, SOURCE_SETTINGS, STETHOSCOPE, VIDEO_QUALITY_LAYERS, VOICE } from './source-settings.js';

describe('source settings', () => {
	it('encodes the stethoscope as stereo music-mode Opus at 128 kbit/s or more, FEC on, DTX off', () => {
		expect(STETHOSCOPE.codecOptions).toMatchObject({ opusStereo: true, opusDtx: false, opusFec: true });
		expect(STETHOSCOPE.codecOptions?.opusMaxAverageBitrate).toBeGreaterThanOrEqual(128_000);
	});

	it('puts the stethoscope first and the voice second under congestion, at the sender and at the SFU', () => {
		const rank = { 'very-low': 0, low: 1, medium: 2, high: 3 } as const;
		const audioLowest = Math.min(...[STETHOSCOPE, VOICE].flatMap((s) => s.encodings.map((e) => rank[e.priority])));
		const videoHighest = Math.max(...EXAM_VIDEO.encodings.map((e) => rank[e.priority]));
		expect(audioLowest).toBeGreaterThan(videoHighest);
		expect(STETHOSCOPE.encodings[0]).toMatchObject({ priority: 'high', networkPriority: 'high' });
		expect(STETHOSCOPE.consumerPriority).toBe(255);
		expect(STETHOSCOPE.consumerPriority).toBeGreaterThan(VOICE.consumerPriority);
		expect(VOICE.consumerPriority).toBeGreaterThan(EXAM_VIDEO.consumerPriority);
	});

	it('sends the exam video as simulcast layers, smallest first, each with temporal layers, that the quality caps name', () => {
		const layers = EXAM_VIDEO.encodings;
		expect(layers.map((e) => e.scaleResolutionDownBy)).toEqual([4, 2, 1]);
		layers.slice(1).forEach((e, i) => expect(e.maxBitrate!).toBeGreaterThan(layers[i]!.maxBitrate!));
		expect(layers.every((e) => e.scalabilityMode === 'L1T3')).toBe(true);
		expect(VIDEO_QUALITY_LAYERS.auto).toBe(layers.length - 1);
		for (const settings of Object.values(SOURCE_SETTINGS)) if (settings.kind === 'audio') expect(settings.encodings).toHaveLength(1);
	});

	it('sends as many simulcast sizes as the camera can fill, the largest always at full size', () => {
		expect(sendEncodings(EXAM_VIDEO, 1280).map((e) => e.scaleResolutionDownBy)).toEqual([4, 2, 1]);
		expect(sendEncodings(EXAM_VIDEO, 640).map((e) => [e.scaleResolutionDownBy, e.maxBitrate])).toEqual([
			[2, 450_000],
			[1, 1_200_000],
		]);
		expect(sendEncodings(EXAM_VIDEO, 320).map((e) => e.scaleResolutionDownBy)).toEqual([1]);
		expect(sendEncodings(STETHOSCOPE, 320)).toEqual(STETHOSCOPE.encodings);
	});
});
