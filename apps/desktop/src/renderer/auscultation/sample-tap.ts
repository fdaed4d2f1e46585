/** Where the app serves the sample-tap AudioWorklet (public/worklets/sample-tap.js). */
const WORKLET_PATH = 'worklets/sample-tap.js';

const loaded = new WeakMap<BaseAudioContext, Promise<void>>();

/** Loads the worklet into a context once. */
export function loadSampleTap(context: BaseAudioContext, baseUrl = document.baseURI): Promise<void> {
	let loading = loaded.get(context);
	if (!loading) {
		loading = context.audioWorklet.addModule(new URL(WORKLET_PATH, baseUrl).href);
		loaded.set(context, loading);
	}
	return loading;
}

export interface SampleTapMessage {
	blocks?: Float32Array[];
	endFrame?: number;
	stopped?: boolean;
}

/**
 * A node that passes what it hears to `onBlock` on the main thread. It has no
 * audible output; it is kept running through a silent gain into the
 * destination, since Chromium only renders nodes that lead to one.
 */
export async function createSampleTap(
	context: AudioContext,
	options: { channels: 1 | 2; blockFrames?: number; startRunning?: boolean },
	onMessage: (message: SampleTapMessage) => void,
): Promise<AudioWorkletNode> {
	await loadSampleTap(context);
	const node = new AudioWorkletNode(context, 'consultdesk-sample-tap', {
		numberOfInputs: 1,
		numberOfOutputs: 1,
		channelCount: options.channels,
		channelCountMode: 'explicit',
		channelInterpretation: 'speakers',
		processorOptions: { channels: options.channels, blockFrames: options.blockFrames ?? 2048, startRunning: options.startRunning ?? true },
	});
	node.port.onmessage = (event: MessageEvent<SampleTapMessage>) => onMessage(event.data);
	const silent = context.createGain();
	silent.gain.value = 0;
	node.connect(silent).connect(context.destination);
	return node;
}
