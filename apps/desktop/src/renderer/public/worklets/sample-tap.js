/* global AudioWorkletProcessor, registerProcessor, currentFrame */
// An AudioWorklet processor that hands the main thread what it hears, in
// blocks, untouched: the phonocardiogram's ring buffer and the clip recorder
// read from it. Served as a file of the app (the CSP allows no blob: scripts).
// Blocks are transferred, not copied; the audio thread allocates one buffer
// per block (about 23 a second at 2,048 frames), never per render quantum.
class SampleTap extends AudioWorkletProcessor {
	constructor(options) {
		super();
		const opts = (options && options.processorOptions) || {};
		this.blockFrames = opts.blockFrames || 2048;
		this.channels = opts.channels || 1;
		this.running = opts.startRunning !== false;
		this.fresh();
		this.port.onmessage = (event) => {
			if (event.data === 'start') this.running = true;
			else if (event.data === 'stop') {
				this.flush();
				this.running = false;
				this.port.postMessage({ stopped: true });
			}
		};
	}

	fresh() {
		this.buffers = [];
		for (let c = 0; c < this.channels; c++) this.buffers.push(new Float32Array(this.blockFrames));
		this.filled = 0;
	}

	flush() {
		if (this.filled === 0) return;
		const blocks = this.buffers.map((b) => b.slice(0, this.filled));
		this.port.postMessage({ blocks, endFrame: currentFrame }, blocks.map((b) => b.buffer));
		this.fresh();
	}

	process(inputs) {
		const input = inputs[0];
		if (!this.running || !input || input.length === 0) return true;
		const frames = input[0].length;
		let offset = 0;
		while (offset < frames) {
			const n = Math.min(frames - offset, this.blockFrames - this.filled);
			for (let c = 0; c < this.channels; c++) {
				// A mono input feeding a two-channel tap is duplicated, as WebRTC does.
				const source = input[Math.min(c, input.length - 1)];
				this.buffers[c].set(source.subarray(offset, offset + n), this.filled);
			}
			this.filled += n;
			offset += n;
			if (this.filled === this.blockFrames) {
				const blocks = this.buffers;
				this.port.postMessage({ blocks, endFrame: currentFrame + offset }, blocks.map((b) => b.buffer));
				this.fresh();
			}
		}
		return true;
	}
}

registerProcessor('consultdesk-sample-tap', SampleTap);
