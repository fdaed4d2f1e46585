import { ProtocolError } from '@consultdesk/protocol';
import { errors, jwtVerify, SignJWT } from 'jose';

const ISSUER = 'consultdesk-server';
const AUDIENCE = 'consultdesk-app';
const ALGORITHM = 'HS256';

export interface AccessClaims {
	accountId: string;
	expiresAt: number;
}

/**
 * Short-lived signed access tokens (JWT, HS256). They carry only the account
 * id: role, name and whether the account is still enabled are read from the
 * database each time a token is used, so a change applies at once.
 */
export class AccessTokens {
	readonly #key: Uint8Array;
	readonly #lifetimeSeconds: number;

	constructor(options: { secret: Uint8Array; lifetimeSeconds: number }) {
		if (options.secret.length < 32) throw new Error('the token secret must be at least 32 bytes');
		this.#key = options.secret;
		this.#lifetimeSeconds = options.lifetimeSeconds;
	}

	async issue(accountId: string, now = Date.now()): Promise<{ token: string; expiresAt: number }> {
		const issuedAt = Math.floor(now / 1000);
		const expiresAt = issuedAt + this.#lifetimeSeconds;
		const token = await new SignJWT({})
			.setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
			.setSubject(accountId)
			.setIssuer(ISSUER)
			.setAudience(AUDIENCE)
			.setIssuedAt(issuedAt)
			.setExpirationTime(expiresAt)
			.setJti(crypto.randomUUID())
			.sign(this.#key);
		return { token, expiresAt: expiresAt * 1000 };
	}

	/**
	 * Throws TOKEN_EXPIRED for a genuine token past its time and UNAUTHENTICATED
	 * for anything else: wrong key, `alg: none`, another algorithm, wrong issuer
	 * or audience, garbage.
	 */
	async verify(token: string): Promise<AccessClaims> {
		try {
			const { payload } = await jwtVerify(token, this.#key, { issuer: ISSUER, audience: AUDIENCE, algorithms: [ALGORITHM] });
			if (typeof payload.sub !== 'string' || typeof payload.exp !== 'number') throw new ProtocolError('UNAUTHENTICATED', 'token without subject or expiry');
			return { accountId: payload.sub, expiresAt: payload.exp * 1000 };
		} catch (error) {
			if (error instanceof ProtocolError) throw error;
			if (error instanceof errors.JWTExpired) throw new ProtocolError('TOKEN_EXPIRED', 'the access token has expired');
			const why = error instanceof errors.JOSEError ? error.code : 'malformed token';
			throw new ProtocolError('UNAUTHENTICATED', `access token refused: ${why}`);
		}
	}
}
