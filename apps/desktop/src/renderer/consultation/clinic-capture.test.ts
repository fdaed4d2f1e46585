import type { CapturedSource } from '@consultdesk/media-settings';
import type { VitalsMessage, VitalsObservation } from '@consultdesk/protocol';
import { SIMULATED_PROFILES, SimulatedDevice } from '@consultdesk/vitals';
import { describe, expect, it } from 'vitest';
import { ClinicCapture, type ClinicSender } from './clinic-capture.js';
import { ClinicVitals } from './clinic-vitals.js';

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
	const stopped: CapturedSource[] = [];
	const vitals: number[] = [];
	const queued: [string, number][] = [];
	const sender: ClinicSender = {
		send: async (source, track) => void sent.push([source, (track as unknown as FakeTrack).label]),
		stopSending: async (source) => void stopped.push(source),
		sendVitals: async (m: VitalsMessage) => void vitals.push(...m.observations.map((o) => o.seq)),
	};
	const oximeter = new SimulatedDevice(SIMULATED_PROFILES['pulse-oximeter'], { deviceId: 'ox', intervalMs: 60_000 });
	const thermometer = new SimulatedDevice(SIMULATED_PROFILES.thermometer, { deviceId: 'th', intervalMs: 60_000 });
	const outbox = { enqueue: async (consultationId: string, observations: readonly VitalsObservation[]) => void queued.push(...observations.map((o) => [consultationId, o.seq] as [string, number])) };
	const clinicVitals = new ClinicVitals({ outbox, createDevices: () => [oximeter, thermometer] });
	const capture = new ClinicCapture(sender, clinicVitals, 'c1', {
		capture: async (source, deviceId) => {
			if (source === failOn) throw new DOMException('device gone', 'NotFoundError');
			const track = new FakeTrack(`${source}@${deviceId}`);
			captured.push(track);
			return track as unknown as MediaStreamTrack;
		},
	});
	return { capture, clinicVitals, captured, sent, stopped, vitals, queued, oximeter, thermometer };
}

describe('ClinicCapture', () => {
	it('previews the camera, then sends camera, voice and stethoscope from the chosen inputs, and vitals live and to the outbox', async () => {
		const { capture, clinicVitals, sent, vitals, queued, oximeter, thermometer } = setUp();
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
		expect(vitals).toEqual([0, 0]);
		await Promise.resolve();
		expect(queued).toEqual([
			['c1', 0],
			['c1', 0],
		]);
		expect(clinicVitals.snapshot.vitals.devices.map((d) => [d.deviceId, d.latest?.seq])).toEqual([
			['ox', 0],
			['th', 0],
		]);
		oximeter.close();
		thermometer.close();
	});

	it('switches the camera while sending, and stops the old one', async () => {
		const { capture, captured, sent } = setUp();
		await capture.selectCamera('cam-1');
		await capture.start({ voice: 'mic-1', stethoscope: 'steth-1' });
		await capture.selectCamera('cam-2');
		expect(sent.at(-1)).toEqual(['exam-video', 'exam-video@cam-2']);
		expect(captured.find((t) => t.label === 'exam-video@cam-1')?.stopped).toBe(true);
		capture.close();
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

	it('stops every track on close, but the devices measure on (into the outbox) until the vitals stop', async () => {
		const { capture, clinicVitals, captured, oximeter, thermometer } = setUp();
		await capture.selectCamera('cam-1');
		await capture.start({ voice: 'mic-1', stethoscope: 'steth-1' });
		capture.close();
		expect(captured.every((t) => t.stopped)).toBe(true);
		expect(oximeter.closed).toBe(false);
		clinicVitals.stop();
		expect(oximeter.closed).toBe(true);
		expect(thermometer.closed).toBe(true);
	});

	it('sends the document camera as its own source while it is on, and stops it when switched off', async () => {
		const { capture, captured, sent, stopped } = setUp();
		await capture.selectCamera('cam-1');
		await capture.setDocumentCamera('doc-cam', true);
		expect(sent).toEqual([]);
		await capture.start({ voice: 'mic', stethoscope: 'steth' });
		expect(sent).toContainEqual(['document', 'document@doc-cam']);
		await capture.setDocumentCamera('doc-cam', false);
		expect(stopped).toEqual(['document']);
		expect(captured.find((t) => t.label === 'document@doc-cam')?.stopped).toBe(true);
		expect(capture.snapshot.tracks.document).toBeUndefined();
		await capture.setDocumentCamera('doc-cam-2', true);
		expect(sent.at(-1)).toEqual(['document', 'document@doc-cam-2']);
		capture.close();
	});
});
