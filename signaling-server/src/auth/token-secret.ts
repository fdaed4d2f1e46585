import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The key that signs access tokens: the configured secret, or a random key
 * kept in the data directory (readable by the server's user only) so that
 * tokens stay valid across a restart.
 */
export function loadTokenSecret(configured: string | undefined, keyFile: string): Uint8Array {
	if (configured) return new TextEncoder().encode(configured);
	try {
		const existing = Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64url');
		if (existing.length >= 32) return existing;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
	}
	const key = randomBytes(32);
	mkdirSync(dirname(keyFile), { recursive: true });
	writeFileSync(keyFile, `${key.toString('base64url')}\n`, { mode: 0o600 });
	return key;
}
