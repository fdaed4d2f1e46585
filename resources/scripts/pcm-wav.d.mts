/** A mono 16-bit PCM WAV file of `samples` (−1…1, clipped) at `sampleRate` Hz. */
export function pcmWav(samples: ArrayLike<number> & { forEach(callback: (sample: number, index: number) => void): void }, sampleRate: number): Buffer;
