import { describe, expect, it } from 'vitest';
import { STETHOSCOPE } from './source-settings.js';

describe('source settings', () => {
	it('encodes the stethoscope as stereo music-mode Opus at 128 kbit/s or more, FEC on, DTX off', () => {
		expect(STETHOSCOPE.codecOptions).toMatchObject({ opusStereo: true, opusDtx: false, opusFec: true });
		expect(STETHOSCOPE.codecOptions?.opusMaxAverageBitrate).toBeGreaterThanOrEqual(128_000);
	});
});
