// Bundled into a page script by fakeBluetoothScript(): installs the app's
// test fake of Web Bluetooth as navigator.bluetooth, with one pulse oximeter
// nearby, and window.__fakeBluetooth for the test to drive it. The oximeter
// sends the bytes the simulated oximeter writes (PLX Continuous Measurement,
// as the specification lays it out).
import { SIMULATED_PROFILES } from '@consultdesk/vitals';
import { FakeBluetooth, FakeBluetoothDevice } from '../../apps/desktop/src/renderer/consultation/fake-web-bluetooth.js';

const PLX_CONTINUOUS = 0x2a5f;
const bluetooth = new FakeBluetooth();
const oximeter = new FakeBluetoothDevice('fake-oximeter-AbC+/=', 'Fake BLE oximeter', 'pulse-oximeter');
bluetooth.nearby.push(oximeter);
// The browser keeps the permission of a device chosen before: so does the fake, across reloads of the page.
if ((localStorage.getItem('consultdesk.bluetooth-devices') ?? '').includes(oximeter.id)) bluetooth.permitted.add(oximeter);
Object.defineProperty(navigator, 'bluetooth', { value: bluetooth, configurable: true });

(window as unknown as { __fakeBluetooth: unknown }).__fakeBluetooth = {
	/** Sends the simulated oximeter's n-th value; false when nothing could be delivered (no link, no subscription). */
	send: (n: number) => oximeter.gatt.connected && oximeter.characteristic(PLX_CONTINUOUS).notify(SIMULATED_PROFILES['pulse-oximeter'].sample(n)),
	sendBytes: (bytes: number[]) => oximeter.characteristic(PLX_CONTINUOUS).notify(Uint8Array.from(bytes)),
	dropLink: () => oximeter.dropLink(),
	backInRange: () => void (oximeter.inRange = true),
	get connectCalls() {
		return oximeter.gatt.connectCalls;
	},
	get requests() {
		return bluetooth.requests.length;
	},
};
