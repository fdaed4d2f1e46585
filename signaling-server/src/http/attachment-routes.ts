import { createReadStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { FileStore } from '@tus/file-store';
import { Server as TusServer } from '@tus/server';
import {
	ATTACHMENT_METADATA_KEY,
	attachmentAnswerSchema,
	attachmentDeclarationSchema,
	HTTP_ROUTES,
	idParamsSchema,
	ProtocolError,
	type Account,
	type AttachmentDeclaration,
} from '@consultdesk/protocol';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AttachmentService } from '../attachments/attachment-service.js';
import { HTTP_STATUS } from './http-status.js';

export interface AttachmentRoutesOptions {
	attachments: AttachmentService;
	/** Where unfinished uploads are kept (tus file store). */
	uploadsDirectory: string;
	allowedOrigins: readonly string[];
	/** Authenticates the bearer token and sets request.account, or throws. */
	signedIn: (request: FastifyRequest) => Promise<void>;
}

/** Every header a tus 1.0 client sends and reads. */
export const TUS_REQUEST_HEADERS = ['tus-resumable', 'upload-length', 'upload-metadata', 'upload-offset', 'upload-defer-length', 'upload-concat'];
export const TUS_RESPONSE_HEADERS = ['location', 'upload-offset', 'upload-length', 'tus-resumable', 'content-disposition'];

const tusError = (error: ProtocolError) => ({ status_code: HTTP_STATUS[error.code], body: JSON.stringify({ error: error.toBody() }) });

/**
 * Attachments over HTTP: resumable uploads (tus 1.0, @tus/server on a file
 * store) and downloads. Every request carries the bearer token and is
 * authenticated before tus sees it; an upload is admitted (policy, size, id)
 * when it is created and checked when its last byte arrived. The upload id is
 * the attachment's own UUID, so a clinic that restarts resumes the same
 * upload. Errors answer `{ error: { code, message } }` like the rest of the API.
 */
export const attachmentRoutes: FastifyPluginAsync<AttachmentRoutesOptions> = async (app, options) => {
	const { attachments } = options;
	const datastore = new FileStore({ directory: options.uploadsDirectory });
	// tus hooks see a web Request; the signed-in account travels with the Node request behind it.
	const accounts = new WeakMap<IncomingMessage, { account: Account; ip: string }>();
	const who = (req: { node?: { req: IncomingMessage } }) => {
		const found = req.node ? accounts.get(req.node.req) : undefined;
		if (!found) throw tusError(new ProtocolError('UNAUTHENTICATED', 'sign in first'));
		return found;
	};
	const declarations = new WeakMap<IncomingMessage, AttachmentDeclaration>();

	const tus = new TusServer({
		path: HTTP_ROUTES.attachmentUploads,
		datastore,
		relativeLocation: true,
		maxSize: attachments.maxBytes,
		allowedOrigins: (origin) => options.allowedOrigins.includes(origin),
		// The declaration is checked before anything is created; its id names the upload.
		namingFunction: (req, metadata) => {
			const raw = metadata?.[ATTACHMENT_METADATA_KEY];
			let parsed: unknown;
			try {
				parsed = JSON.parse(raw ?? '');
			} catch {
				throw tusError(new ProtocolError('INVALID_PAYLOAD', `the upload needs "${ATTACHMENT_METADATA_KEY}" metadata (JSON)`));
			}
			const result = attachmentDeclarationSchema.safeParse(parsed);
			if (!result.success) throw tusError(new ProtocolError('INVALID_PAYLOAD', `attachment: ${result.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`));
			const node = (req as { node?: { req: IncomingMessage } }).node;
			if (node) declarations.set(node.req, result.data);
			return result.data.id;
		},
		onUploadCreate: async (req, upload) => {
			const { account, ip } = who(req as never);
			const declaration = declarations.get((req as unknown as { node: { req: IncomingMessage } }).node.req);
			if (!declaration) throw tusError(new ProtocolError('INVALID_PAYLOAD', 'no attachment declaration'));
			if (upload.size === undefined || upload.size !== declaration.byteLength) {
				throw tusError(new ProtocolError('INVALID_PAYLOAD', 'Upload-Length must be given and equal the declared byteLength'));
			}
			try {
				await attachments.beginUpload(account, declaration, ip);
			} catch (error) {
				throw error instanceof ProtocolError ? tusError(error) : error;
			}
			return {};
		},
		onUploadFinish: async (_req, upload) => {
			await finish(upload.id);
			return {};
		},
		onResponseError: (_req, error) => (error instanceof ProtocolError ? tusError(error) : undefined),
	});

	/** Checks and keeps a complete upload, then lets go of tus's copy; bytes refused by a check are deleted too. */
	async function finish(id: string): Promise<void> {
		try {
			await attachments.finishUpload(id, join(options.uploadsDirectory, id));
		} catch (error) {
			if (!(error instanceof ProtocolError)) throw error;
			await datastore.remove(id).catch(() => undefined);
			throw tusError(error);
		}
		await datastore.remove(id).catch(() => undefined);
	}

	await app.register(async (scope) => {
		// tus reads the body itself; Fastify must leave the stream alone.
		scope.addContentTypeParser('application/offset+octet-stream', (_request, _payload, done) => done(null));
		const handOver = async (request: FastifyRequest, reply: { hijack(): void; raw: import('node:http').ServerResponse }) => {
			accounts.set(request.raw, { account: request.account, ip: request.ip });
			reply.hijack();
			await tus.handle(request.raw, reply.raw);
		};
		scope.post(HTTP_ROUTES.attachmentUploads, { onRequest: options.signedIn }, (request, reply) => handOver(request, reply));
		const typed = scope.withTypeProvider<ZodTypeProvider>();
		typed.route({
			method: ['HEAD', 'PATCH'],
			url: `${HTTP_ROUTES.attachmentUploads}/:id`,
			schema: { params: idParamsSchema },
			onRequest: options.signedIn,
			handler: async (request, reply) => {
				const { id } = request.params;
				await attachments.checkUploadAccess(request.account, id, request.ip);
				if (request.method === 'HEAD') {
					// All bytes arrived but the check did not run to its end (a crash, a full disk): run it now.
					const upload = await datastore.getUpload(id).catch(() => undefined);
					if (upload?.size !== undefined && upload.offset === upload.size) await finish(id).catch(() => undefined);
				}
				return handOver(request, reply);
			},
		});
	});

	const typed = app.withTypeProvider<ZodTypeProvider>();
	typed.get('/api/v1/attachments/:id', { schema: { params: idParamsSchema }, onRequest: options.signedIn }, async (request) =>
		attachmentAnswerSchema.parse({ attachment: await attachments.get(request.account, request.params.id, request.ip) }),
	);
	typed.get('/api/v1/attachments/:id/content', { schema: { params: idParamsSchema }, onRequest: options.signedIn }, async (request, reply) => {
		const { attachment, path } = await attachments.open(request.account, request.params.id, request.ip);
		const extension = { 'image/jpeg': 'jpg', 'image/png': 'png', 'audio/wav': 'wav' }[attachment.contentType];
		// A clip is saved to disk by whoever downloads it; a still is shown in place.
		const disposition = attachment.kind === 'stethoscope-clip' ? 'attachment' : 'inline';
		return reply
			.type(attachment.contentType)
			.header('content-disposition', `${disposition}; filename="${attachment.id}.${extension}"`)
			.header('cache-control', 'private, max-age=31536000, immutable')
			.header('x-content-type-options', 'nosniff')
			.header('x-attachment-sha256', attachment.sha256)
			.send(createReadStream(path));
	});
};
