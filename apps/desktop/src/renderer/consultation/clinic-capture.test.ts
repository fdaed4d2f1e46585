import type { CapturedSource } from '@consultdesk/media-settings';
import type { VitalsMessage } from '@consultdesk/protocol';
import { SimulatedPulseOximeter } from '@consultdesk/vitals';
import { describe, expect, it } from 'vitest';
import { ClinicCapture, type ClinicSender } from './clinic-capture.js';

/** Stands in for MediaStreamTrack, which Node does not have. */
class FakeTrack {
	stopped = false;
	constructor(readonly label: string) {}
	stop() {
		this.stopped = true;
	}
}

function setUp(failOn?: CapturedSource) {
	const captured: FakeTrack[] = [];
	const sent: [CapturedSource, string][] = [];
	const vitals: number[] = [];
	const sender: ClinicSender = {
		send: async (source, track) => void sent.push([source, (track as unknown as FakeTrack).label]),
		sendVitals: async (m: VitalsMessage) => void vitals.push(m.seq),
	};
	const oximeter = new SimulatedPulseOximeter({ intervalMs: 60_000 });
	const capture = new ClinicCapture(sender, {
		capture: async (source, deviceId) => {
			if (source === failOn) throw new DOMException('device gone', 'NotFoundError');
			const track = new FakeTrack(`${source}@${deviceId}`);
			captured.push(track);
			return track as unknown as MediaStreamTrack;
		},
		createOximeter: () => oximeter,
	});
	return { capture, captured, sent, vitals, oximeter };
}

describe('ClinicCapture', () => {
	it('previews the camera, then sends camera, voice and stethoscope from the chosen inputs, and vitals', async () => {
		const { capture, sent, vitals, oximeter } = setUp();
		await capture.selectCamera('cam-1');
		expect((capture.snapshot.tracks['exam-video'] as unknown as FakeTrack).label).toBe('exam-video@cam-1');
		expect(capture.snapshot.sending).toBe('idle');
		await capture.start({ voice: 'mic-1', stethoscope: 'steth-1' });
		expect(sent).toEqual([
			['exam-video', 'exam-video@cam-1'],
			['voice', 'voice@mic-1'],
			['stethoscope', 'stethoscope@steth-1'],
		]);
		expect(capture.snapshot.sending).toBe('sending');
		expect(Object.keys(capture.snapshot.tracks).sort()).toEqual(['exam-video', 'stethoscope', 'voice']);
		expect(vitals).toEqual([0]);
		expect(capture.snapshot.vitals.latest?.seq).toBe(0);
		oximeter.close();
	});

	it('switches the camera while sending, and stops the old one', async () => {
		const { capture, captured, sent, oximeter } = setUp();
		await capture.selectCamera('cam-1');
		await capture.start({ voice: 'mic-1', stethoscope: 'steth-1' });
		await capture.selectCamera('cam-2');
		expect(sent.at(-1)).toEqual(['exam-video', 'exam-video@cam-2']);
		expect(captured.find((t) => t.label === 'exam-video@cam-1')?.stopped).toBe(true);
		oximeter.close();
	});

	it('reports a missing device as an error and goes back to idle', async () => {
		const { capture, sent } = setUp('stethoscope');
		await capture.selectCamera('cam-1');
		await capture.start({ voice: 'mic-1', stethoscope: 'gone' });
		expect(capture.snapshot.sending).toBe('idle');
		expect((capture.snapshot.error as DOMException).name).toBe('NotFoundError');
		expect(sent).toEqual([]);
		capture.dismissError();
		expect(capture.snapshot.error).toBeUndefined();
	});

	it('stops every track and the oximeter on close', async () => {
		const { capture, captured, oximeter } = setUp();
		await capture.selectCamera('cam-1');
		await capture.start({ voice: 'mic-1', stethoscope: 'steth-1' });
		capture.close();
		expect(captured.every((t) => t.stopped)).toBe(true);
		expect(oximeter.closed).toBe(true);
	});
});
