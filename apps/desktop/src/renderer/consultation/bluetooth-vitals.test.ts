import type { VitalsMessage, VitalsObservation } from '@consultdesk/protocol';
import { ByteWriter, SIMULATED_PROFILES, type BluetoothDeviceKind } from '@consultdesk/vitals';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BluetoothVitals } from './bluetooth-vitals.js';
import { ClinicVitals } from './clinic-vitals.js';
import { FakeBluetooth, FakeBluetoothDevice } from './fake-web-bluetooth.js';
import { RememberedBluetoothDevices } from './remembered-bluetooth-devices.js';

/** Local storage of one terminal, kept across "runs" of the app in a test. */
function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> & { items: Map<string, string> } {
	const items = new Map<string, string>();
	return { items, getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
}

const NOW = new Date(2026, 10, 23, 9, 30, 0).getTime();
/** The bytes a simulated device of `kind` writes for its n-th value: specification-derived, as a real device sends them. */
const bytesOf = (kind: BluetoothDeviceKind, n = 0) => SIMULATED_PROFILES[kind].sample(n, NOW);

/** Lets the awaited steps of a connection (connect, service, characteristics, notifications) finish. */
const settle = () => vi.advanceTimersByTimeAsync(0);

function setUp(options: { bluetooth?: FakeBluetooth; storage?: ReturnType<typeof memoryStorage> } = {}) {
	vi.useFakeTimers({ now: NOW });
	const bluetooth = options.bluetooth ?? new FakeBluetooth();
	const storage = options.storage ?? memoryStorage();
	const queued: VitalsObservation[] = [];
	const live: VitalsObservation[] = [];
	const vitals = new ClinicVitals({ outbox: { enqueue: async (_c, observations) => void queued.push(...observations) }, createDevices: () => [] });
	vitals.start('c1');
	vitals.attach({ sendVitals: async (m: VitalsMessage) => void live.push(...m.observations) });
	const devices = new BluetoothVitals({
		bluetooth,
		remembered: new RememberedBluetoothDevices(storage),
		onReadings: (source, kind, measuredAt, readings) => vitals.recordDeviceReadings(source, kind, measuredAt, readings),
	});
	return { bluetooth, storage, vitals, devices, queued, live };
}

const entry = (devices: BluetoothVitals, id: string) => devices.snapshot.devices.find((d) => d.id === id);

describe('BluetoothVitals with a Web Bluetooth device', () => {
	afterEach(() => vi.useRealTimers());

	it('connects the device the doctor chooses, filtered to the standard service of its kind', async () => {
		const { bluetooth, devices } = setUp();
		const oximeter = new FakeBluetoothDevice('ox/+1=', 'Nonin 3230', 'pulse-oximeter');
		bluetooth.nearby.push(new FakeBluetoothDevice('hr-1', 'Polar H10', 'heart-rate-monitor'), oximeter);
		await devices.start();
		expect(devices.snapshot.availability).toBe('available');

		expect(await devices.choose('pulse-oximeter')).toBe(true);
		expect(bluetooth.requests).toEqual([{ filters: [{ services: [0x1822] }], optionalServices: [0x1822] }]);
		expect(entry(devices, 'ox/+1=')).toMatchObject({ name: 'Nonin 3230', kind: 'pulse-oximeter', status: { state: 'connected' } });
		// Both PLX characteristics (spot-check 0x2A5E, continuous 0x2A5F) are subscribed.
		expect(oximeter.characteristic(0x2a5e).notifying).toBe(true);
		expect(oximeter.characteristic(0x2a5f).notifying).toBe(true);
		devices.close();
	});

	it.each([
		['pulse-oximeter', 0x2a5f, [['spo2', 98, '%', 0], ['pulse-rate', 72, '/min', 0]]],
		['heart-rate-monitor', 0x2a37, [['heart-rate', 74, '/min', 0]]],
		['thermometer', 0x2a1c, [['body-temperature', 36.65, 'Cel', 2]]],
		['blood-pressure-monitor', 0x2a35, [['bp-systolic', 122, 'mm[Hg]', 0], ['bp-diastolic', 78, 'mm[Hg]', 0], ['bp-mean', 93, 'mm[Hg]', 0], ['pulse-rate', 70, '/min', 0]]],
		['weight-scale', 0x2a9d, [['body-weight', 64.2, 'kg', 3], ['body-height', 1.65, 'm', 3], ['bmi', 23.6, 'kg/m2', 1]]],
	] as const)('a %s value is parsed to readings with units, queued in the outbox and sent live', async (kind, characteristic, expected) => {
		const { bluetooth, devices, queued, live, vitals } = setUp();
		const device = new FakeBluetoothDevice(`${kind}-1`, undefined, kind);
		bluetooth.nearby.push(device);
		await devices.choose(kind);
		expect(device.characteristic(characteristic).notify(bytesOf(kind))).toBe(true);

		expect(queued).toHaveLength(1);
		const observation = queued[0]!;
		expect(observation.readings.map((r) => [r.code, r.value, r.unit, r.decimals])).toEqual(expected);
		expect(observation).toMatchObject({ seq: 0, deviceKind: kind });
		expect(observation.deviceId).toMatch(/^ble-/);
		expect(live).toEqual([observation]);
		expect(vitals.snapshot.vitals.device(observation.deviceId)?.latest).toEqual(observation);
		expect(entry(devices, device.id)?.status).toMatchObject({ received: 1, unreadable: undefined });
		devices.close();
	});

	it('reconnects with growing waits after the link drops, says so, and resumes the same device numbering', async () => {
		const { bluetooth, devices, queued } = setUp();
		const oximeter = new FakeBluetoothDevice('ox-1', 'Oximeter', 'pulse-oximeter');
		bluetooth.nearby.push(oximeter);
		await devices.choose('pulse-oximeter');
		oximeter.characteristic(0x2a5f).notify(bytesOf('pulse-oximeter', 0));

		oximeter.dropLink();
		expect(entry(devices, 'ox-1')?.status).toMatchObject({ state: 'reconnecting', attempt: 1 });
		const connects = oximeter.gatt.connectCalls;
		await vi.advanceTimersByTimeAsync(999);
		expect(oximeter.gatt.connectCalls).toBe(connects);
		await vi.advanceTimersByTimeAsync(1);
		expect(oximeter.gatt.connectCalls).toBe(connects + 1);
		expect(entry(devices, 'ox-1')?.status).toMatchObject({ state: 'reconnecting', attempt: 2 });
		// The second wait is longer: nothing at +1 s, the attempt at +2 s.
		await vi.advanceTimersByTimeAsync(1000);
		expect(oximeter.gatt.connectCalls).toBe(connects + 1);
		oximeter.inRange = true;
		await vi.advanceTimersByTimeAsync(1000);
		expect(oximeter.gatt.connectCalls).toBe(connects + 2);
		expect(entry(devices, 'ox-1')?.status).toMatchObject({ state: 'connected', attempt: 0 });

		// Notifications were started again on the new connection's characteristic.
		expect(oximeter.characteristic(0x2a5f).notify(bytesOf('pulse-oximeter', 1))).toBe(true);
		expect(queued.map((o) => o.seq)).toEqual([0, 1]);
		expect(new Set(queued.map((o) => o.deviceId)).size).toBe(1);
		devices.close();
	});

	it('gives up after the last wait ("lost"), and the doctor can connect it again', async () => {
		const { bluetooth, devices } = setUp();
		const scale = new FakeBluetoothDevice('scale-1', 'Scale', 'weight-scale');
		bluetooth.nearby.push(scale);
		await devices.choose('weight-scale');
		scale.dropLink();
		await vi.advanceTimersByTimeAsync(5 * 60_000);
		expect(entry(devices, 'scale-1')?.status).toMatchObject({ state: 'lost', problem: 'CONNECT_FAILED' });
		// Bounded: one first connection and eight attempts, no more however long it waits.
		expect(scale.gatt.connectCalls).toBe(9);

		scale.inRange = true;
		await devices.reconnect('scale-1');
		expect(entry(devices, 'scale-1')?.status).toMatchObject({ state: 'connected', problem: undefined });
		devices.close();
	});

	it('shows a malformed value as that device\'s unreadable reading, never a number, and carries on', async () => {
		const { bluetooth, devices, queued } = setUp();
		const oximeter = new FakeBluetoothDevice('ox-1', 'Oximeter', 'pulse-oximeter');
		bluetooth.nearby.push(oximeter);
		await devices.choose('pulse-oximeter');
		const continuous = oximeter.characteristic(0x2a5f);

		// Flags and SpO2, then the value ends: the pulse rate is missing.
		continuous.notify(Uint8Array.of(0x00, 0x62, 0x00));
		expect(entry(devices, 'ox-1')?.status).toMatchObject({ state: 'connected', unreadable: 'TRUNCATED', received: 0 });
		// An empty value, and one with a byte too many.
		continuous.notify(new Uint8Array(0));
		expect(entry(devices, 'ox-1')?.status?.unreadable).toBe('TRUNCATED');
		continuous.notify(Uint8Array.of(...bytesOf('pulse-oximeter'), 0xff));
		expect(entry(devices, 'ox-1')?.status?.unreadable).toBe('TRAILING_BYTES');
		expect(queued).toEqual([]);

		// SpO2 "not a number" (0x07FF) is no reading, not a parse error and not a number either.
		continuous.notify(new ByteWriter().uint8(0).uint16(0x07ff).uint16(0x07ff).toBytes());
		expect(entry(devices, 'ox-1')?.status).toMatchObject({ unreadable: undefined, noReading: true });
		expect(queued).toEqual([]);

		continuous.notify(bytesOf('pulse-oximeter'));
		expect(entry(devices, 'ox-1')?.status).toMatchObject({ unreadable: undefined, noReading: false, received: 1 });
		expect(queued.map((o) => o.seq)).toEqual([0]);
		devices.close();
	});

	it('shows the cuff pressure while a blood-pressure monitor measures, and stores only its result', async () => {
		const { bluetooth, devices, queued } = setUp();
		const cuff = new FakeBluetoothDevice('bp-1', 'Cuff', 'blood-pressure-monitor');
		bluetooth.nearby.push(cuff);
		await devices.choose('blood-pressure-monitor');
		// Intermediate Cuff Pressure: mmHg, current pressure 150, the other two NaN.
		cuff.characteristic(0x2a36).notify(new ByteWriter().uint8(0).sfloat(150, 0).uint16(0x07ff).uint16(0x07ff).toBytes());
		expect(entry(devices, 'bp-1')?.status?.cuffPressure).toMatchObject({ value: 150, unit: 'mm[Hg]' });
		expect(queued).toEqual([]);
		cuff.characteristic(0x2a35).notify(bytesOf('blood-pressure-monitor'));
		expect(entry(devices, 'bp-1')?.status?.cuffPressure).toBeUndefined();
		expect(queued).toHaveLength(1);
		devices.close();
	});

	it('reconnects remembered devices at the next start without a chooser', async () => {
		const storage = memoryStorage();
		const bluetooth = new FakeBluetooth();
		const thermometer = new FakeBluetoothDevice('th-1', 'Thermometer', 'thermometer');
		bluetooth.nearby.push(thermometer);
		const first = setUp({ bluetooth, storage });
		await first.devices.choose('thermometer');
		first.devices.close();
		first.vitals.close();
		expect(bluetooth.requests).toHaveLength(1);

		const second = setUp({ bluetooth, storage });
		expect(second.devices.snapshot.devices).toEqual([{ id: 'th-1', name: 'Thermometer', kind: 'thermometer', status: undefined }]);
		await second.devices.start();
		await settle();
		expect(bluetooth.requests).toHaveLength(1);
		expect(entry(second.devices, 'th-1')?.status?.state).toBe('connected');
		thermometer.characteristic(0x2a1c).notify(bytesOf('thermometer'));
		expect(second.queued.map((o) => o.readings[0]?.value)).toEqual([36.65]);
		second.devices.close();
	});

	it('without getDevices lists remembered devices as not connected and connects them through the chooser', async () => {
		const storage = memoryStorage();
		new RememberedBluetoothDevices(storage).remember({ id: 'hr-1', name: 'Strap', kind: 'heart-rate-monitor' });
		const bluetooth = new FakeBluetooth({ getDevices: false });
		bluetooth.nearby.push(new FakeBluetoothDevice('hr-1', 'Strap', 'heart-rate-monitor'));
		const { devices } = setUp({ bluetooth, storage });
		await devices.start();
		expect(devices.snapshot).toMatchObject({ availability: 'available', reconnectsRemembered: false, devices: [{ id: 'hr-1', status: undefined }] });
		await devices.reconnect('hr-1');
		expect(bluetooth.requests).toEqual([{ filters: [{ services: [0x180d] }], optionalServices: [0x180d] }]);
		expect(entry(devices, 'hr-1')?.status?.state).toBe('connected');
		devices.close();
	});

	it('says why Bluetooth cannot be used: no Web Bluetooth, or no adapter', async () => {
		const none = new BluetoothVitals({ bluetooth: undefined, remembered: new RememberedBluetoothDevices(memoryStorage()), onReadings: () => undefined });
		await none.start();
		expect(none.snapshot.availability).toBe('unsupported');
		expect(await none.choose('thermometer')).toBe(false);

		const off = new BluetoothVitals({ bluetooth: new FakeBluetooth({ adapter: false }), remembered: new RememberedBluetoothDevices(memoryStorage()), onReadings: () => undefined });
		await off.start();
		expect(off.snapshot.availability).toBe('no-adapter');
	});

	it('a cancelled chooser is not an error and remembers nothing; forget disconnects and withdraws the permission', async () => {
		const { bluetooth, devices, storage } = setUp();
		bluetooth.pick = () => undefined;
		expect(await devices.choose('weight-scale')).toBe(false);
		expect(devices.snapshot.devices).toEqual([]);

		const scale = new FakeBluetoothDevice('scale-1', 'Scale', 'weight-scale');
		bluetooth.nearby.push(scale);
		bluetooth.pick = (candidates) => candidates[0];
		await devices.choose('weight-scale');
		await devices.forget('scale-1');
		expect(scale.gatt.connected).toBe(false);
		expect(scale.forgotten).toBe(true);
		expect(devices.snapshot.devices).toEqual([]);
		expect(JSON.parse(storage.items.get('consultdesk.bluetooth-devices')!)).toEqual([]);
		// Disconnecting on purpose does not start reconnecting.
		await vi.advanceTimersByTimeAsync(10_000);
		expect(scale.gatt.connectCalls).toBe(1);
		devices.close();
	});

	it('a device that lacks the measurement characteristic is reported, not connected', async () => {
		const { bluetooth, devices } = setUp();
		bluetooth.nearby.push(new FakeBluetoothDevice('odd-1', 'Odd', 'thermometer', []));
		await devices.choose('thermometer');
		expect(entry(devices, 'odd-1')?.status).toMatchObject({ state: 'reconnecting', problem: 'NO_MEASUREMENT_SERVICE' });
		devices.close();
	});

	it('outside a consultation a reading goes nowhere, and numbering starts at 0 in each consultation', async () => {
		const { bluetooth, devices, queued, vitals } = setUp();
		const strap = new FakeBluetoothDevice('hr-1', 'Strap', 'heart-rate-monitor');
		bluetooth.nearby.push(strap);
		await devices.choose('heart-rate-monitor');
		strap.characteristic(0x2a37).notify(bytesOf('heart-rate-monitor', 0));
		vitals.stop();
		strap.characteristic(0x2a37).notify(bytesOf('heart-rate-monitor', 1));
		vitals.start('c2');
		strap.characteristic(0x2a37).notify(bytesOf('heart-rate-monitor', 2));
		expect(queued.map((o) => o.seq)).toEqual([0, 0]);
		devices.close();
	});
});

describe('RememberedBluetoothDevices', () => {
	it('drops what storage holds when it is not a list of devices', () => {
		const storage = memoryStorage();
		storage.setItem('consultdesk.bluetooth-devices', JSON.stringify([{ id: 'x', name: 'n', kind: 'toaster' }]));
		expect(new RememberedBluetoothDevices(storage).all()).toEqual([]);
		storage.setItem('consultdesk.bluetooth-devices', '{not json');
		expect(new RememberedBluetoothDevices(storage).all()).toEqual([]);
	});
});
