import { z } from 'zod';

/**
 * The wire protocol's version. Raise it when an older app could no longer work
 * with this server; the server then refuses it with PROTOCOL_OUTDATED
 * ("please update") instead of failing on the first unknown message.
 * 1: the walking skeleton (no accounts). 2: accounts and consultation records.
 * 3: vitals from several devices (data-channel message v2), observations stored by the server.
 * 4: a dropped terminal's seat is held while it reconnects (room:join resumePeerId,
 *    transport:restartIce, peer:connection).
 */
export const PROTOCOL_VERSION = 4;

/** What a client sends in Socket.IO's `auth` when it connects. */
export const handshakeAuthSchema = z.object({
	token: z.string().min(1).max(4096),
	protocolVersion: z.int().min(1).max(1000),
});
export type HandshakeAuth = z.infer<typeof handshakeAuthSchema>;

/** Socket.IO hands a refused handshake to the client as connect_error with this in `data`. */
export const handshakeErrorDataSchema = z.object({
	code: z.enum(['UNAUTHENTICATED', 'TOKEN_EXPIRED', 'ACCOUNT_DISABLED', 'PROTOCOL_OUTDATED', 'RATE_LIMITED']),
});
export type HandshakeErrorCode = z.infer<typeof handshakeErrorDataSchema>['code'];
