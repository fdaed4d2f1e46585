import { sendEncodings, SOURCE_SETTINGS, type CapturedSource } from '@consultdesk/media-settings';
import { ProtocolError, VITALS_CHANNEL_LABEL, VITALS_CHANNEL_PROTOCOL, type VitalsMessage } from '@consultdesk/protocol';
import type { types as ms } from 'mediasoup-client';
import type { MediaTransports } from './media-transports.js';
import type { RoomSignaling } from './room-signaling.js';

/**
 * What this seat sends: one producer per captured source, with that source's
 * codec settings, and the vitals data channel. Capture tracks belong to the
 * caller and are never stopped here.
 */
export class MediaSender {
	readonly #signaling: RoomSignaling;
	#transports: MediaTransports;
	readonly #onProblem: (error: ProtocolError) => void;
	readonly #producers = new Map<CapturedSource, ms.Producer>();
	/** What is being sent, so it can be sent again over new transports (a fresh seat after a restart). */
	readonly #sending = new Map<CapturedSource, { track: MediaStreamTrack; paused: boolean }>();
	#vitalsProducer: Promise<ms.DataProducer> | undefined;

	constructor(signaling: RoomSignaling, transports: MediaTransports, onProblem: (error: ProtocolError) => void) {
		this.#signaling = signaling;
		this.#transports = transports;
		this.#onProblem = onProblem;
	}

	/** Sends one captured track with its source's codec settings; replaces the track if already sending. */
	async send(source: CapturedSource, track: MediaStreamTrack): Promise<void> {
		const settings = SOURCE_SETTINGS[source];
		// The document camera's text and edges: tell the encoder detail matters more than motion.
		if (settings.contentHint) track.contentHint = settings.contentHint;
		this.#sending.set(source, { track, paused: this.#sending.get(source)?.paused ?? false });
		const existing = this.#producers.get(source);
		if (existing && !existing.closed) {
			await existing.replaceTrack({ track });
			return;
		}
		const transport = await this.#transports.send();
		const device = await this.#transports.device;
		const codec = device.rtpCapabilities.codecs?.find((c) => c.mimeType.toLowerCase() === settings.preferredCodec.toLowerCase());
		const producer = await transport.produce({
			track,
			codec,
			codecOptions: settings.codecOptions,
			encodings: sendEncodings(settings, track.getSettings().width),
			stopTracks: false,
			appData: { source },
		});
		this.#producers.set(source, producer);
		if (settings.degradationPreference) await keepResolution(producer.rtpSender, settings.degradationPreference);
		if (this.#sending.get(source)?.paused) producer.pause();
		producer.on('trackended', () => this.#onProblem(new ProtocolError('MEDIA_REJECTED', `${source} input stopped`)));
	}

	/** Stops sending a source altogether (the document camera switched off); the others see its track go. */
	async stopSending(source: CapturedSource): Promise<void> {
		this.#sending.delete(source);
		const producer = this.#producers.get(source);
		this.#producers.delete(source);
		if (!producer || producer.closed) return;
		producer.close();
		await this.#signaling.request('producer:close', { producerId: producer.id }).catch((error: unknown) => this.#onProblem(asProblem(error)));
	}

	/** Pauses or resumes sending a source; a paused source sends nothing (a muted microphone). */
	setPaused(source: CapturedSource, paused: boolean): void {
		const sending = this.#sending.get(source);
		if (sending) sending.paused = paused;
		const producer = this.#producers.get(source);
		if (!producer || producer.closed) return;
		if (paused) producer.pause();
		else producer.resume();
	}

	/** Sends one vitals message, opening the vitals data channel on first use (once, however many devices send at the same moment). */
	async sendVitals(message: VitalsMessage): Promise<void> {
		if (!this.#vitalsProducer) {
			this.#vitalsProducer = this.#openVitalsChannel();
			this.#vitalsProducer.catch(() => (this.#vitalsProducer = undefined));
		}
		const producer = await this.#vitalsProducer;
		if (producer.closed) {
			this.#vitalsProducer = undefined;
			throw new ProtocolError('ROOM_CLOSED', 'the vitals channel was closed');
		}
		producer.send(JSON.stringify(message));
	}

	/**
	 * Sends everything again over new transports: the server gave this
	 * terminal a fresh seat (it restarted, or lost the old seat), so the old
	 * producers are gone. The vitals channel reopens with the next reading.
	 */
	async resend(transports: MediaTransports): Promise<void> {
		this.#transports = transports;
		this.#producers.clear();
		this.#vitalsProducer = undefined;
		await Promise.all(
			[...this.#sending].map(([source, { track }]) => this.send(source, track).catch((error: unknown) => this.#onProblem(asProblem(error)))),
		);
	}

	async #openVitalsChannel(): Promise<ms.DataProducer> {
		const transport = await this.#transports.send();
		const producer = await transport.produceData({
			ordered: true,
			label: VITALS_CHANNEL_LABEL,
			protocol: VITALS_CHANNEL_PROTOCOL,
			appData: { source: 'vitals' },
		});
		if (producer.readyState !== 'open') await new Promise<void>((resolve) => producer.once('open', resolve));
		return producer;
	}
}

function asProblem(error: unknown): ProtocolError {
	return error instanceof ProtocolError ? error : new ProtocolError('MEDIA_REJECTED', (error as Error).message);
}

/**
 * Asks the sender's encoder to give up frame rate, not resolution, when the
 * link is short (RTCRtpSender.setParameters). A browser that does not support
 * it keeps its default; the video still goes.
 */
async function keepResolution(sender: RTCRtpSender | undefined, preference: RTCDegradationPreference): Promise<void> {
	if (!sender) return;
	try {
		const parameters = sender.getParameters();
		await sender.setParameters({ ...parameters, degradationPreference: preference });
	} catch {
		// Not supported here: the encoder's default (balanced) applies.
	}
}
