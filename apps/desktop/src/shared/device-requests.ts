import { z } from 'zod';

/*
 * Choosing a Bluetooth or serial device, and pairing: Chromium asks main, main
 * asks the doctor through the renderer (never "first device found wins"), and
 * the doctor's answer comes back through the bridge. Shared so both sides
 * validate the same shapes.
 */

export const DEVICE_REQUEST_CHANNEL = 'consultdesk:device-request';

const id = z.string().min(1).max(256);

export const deviceRequestSchema = z.discriminatedUnion('kind', [
	/** Pick one of the devices found so far; the list grows while Chromium scans. */
	z.object({
		kind: z.enum(['bluetooth', 'serial']),
		requestId: id,
		devices: z.array(z.object({ id, name: z.string().max(256) })).max(200),
	}),
	/** A Bluetooth device asks to pair: confirm it (showing its PIN, if any), or type the PIN it shows. */
	z.object({
		kind: z.literal('pairing'),
		requestId: id,
		deviceId: id,
		deviceName: z.string().max(256),
		pairingKind: z.enum(['confirm', 'confirmPin', 'providePin']),
		pin: z.string().max(32).optional(),
	}),
	/** The request is over (answered elsewhere, timed out, or the page went away): close the dialog. */
	z.object({ kind: z.literal('ended'), requestId: id }),
]);
export type DeviceRequest = z.infer<typeof deviceRequestSchema>;

export const deviceAnswerSchema = z.strictObject({
	requestId: id,
	/** The chosen device, or null to cancel. */
	deviceId: id.nullable().optional(),
	/** For pairing: confirmed or not, and the PIN typed for providePin. */
	confirmed: z.boolean().optional(),
	pin: z.string().regex(/^[0-9]{1,16}$/).optional(),
});
export type DeviceAnswer = z.infer<typeof deviceAnswerSchema>;
