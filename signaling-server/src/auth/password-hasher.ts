import { hash, verify, type Algorithm } from '@node-rs/argon2';

/**
 * argon2id with OWASP's minimum recommended cost (19 MiB, 2 passes, 1 lane):
 * about 30 ms a hash on our 2-core machines (`npm run bench` measures sign-in
 * throughput), slow for an attacker's GPU, fast enough for a clinic.
 */
// Algorithm is an ambient const enum, which isolated modules cannot read: 2 is its Argon2id.
export const ARGON2_OPTIONS = { algorithm: 2 as Algorithm, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
	return hash(password, ARGON2_OPTIONS);
}

/** False for a wrong password and for a hash that is not one of ours; never throws on bad input. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies against a throwaway hash, so that signing in as an unknown user
 * takes as long as with a wrong password and does not reveal who exists.
 */
export async function verifyNothing(password: string): Promise<false> {
	dummyHash ??= hashPassword('consultdesk-no-such-account');
	await verifyPassword(await dummyHash, password);
	return false;
}
