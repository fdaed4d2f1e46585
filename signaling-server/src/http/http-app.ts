import { existsSync } from 'node:fs';
import type { ServerOptions as HttpsOptions } from 'node:https';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import {
	consultationDetailSchema,
	consultationListSchema,
	contentSecurityPolicy,
	historyQuerySchema,
	HTTP_ROUTES,
	idParamsSchema,
	PROTOCOL_HEADER,
	PROTOCOL_VERSION,
	ProtocolError,
	refreshRequestSchema,
	signInRequestSchema,
	signOutRequestSchema,
	type Account,
	type ErrorCode,
} from '@consultdesk/protocol';
import Fastify, { LogController, type FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AccountService } from '../account-service.js';
import type { AttachmentService } from '../attachments/attachment-service.js';
import type { AuthService } from '../auth/auth-service.js';
import type { ConsultationService } from '../consultation-service.js';
import type { ObservationService } from '../observation-service.js';
import type { Logger } from '../logger.js';
import type { WorkerLoad } from '../worker-pool.js';
import { attachmentRoutes, TUS_REQUEST_HEADERS, TUS_RESPONSE_HEADERS } from './attachment-routes.js';
import { HTTP_STATUS } from './http-status.js';

export interface HealthReport {
	status: 'ok' | 'degraded';
	/** `load`: what each live media worker hosts (pid, routers = rooms, transports, producers, consumers). */
	workers: { alive: number; configured: number; load: WorkerLoad[] };
	rooms: number;
	uptimeSeconds: number;
}

export interface HttpAppOptions {
	logger: Logger;
	staticDir: string;
	https?: HttpsOptions | undefined;
	allowedOrigins: readonly string[];
	signInPerMinute: number;
	auth: AuthService;
	consultations: ConsultationService;
	observations: ObservationService;
	accounts: AccountService;
	attachments: AttachmentService;
	/** Where unfinished attachment uploads are kept. */
	attachmentUploadsDirectory: string;
	health: () => HealthReport;
}

declare module 'fastify' {
	interface FastifyRequest {
		/** The signed-in account, on routes that require one. */
		account: Account;
	}
}

function errorBody(code: ErrorCode, message: string) {
	return { error: { code, message } };
}

/**
 * The HTTP side: sign-in, the records people read, health, and the app
 * itself. Every body, query and params object is validated by its zod schema
 * from the protocol before a handler runs; errors answer with the same codes
 * as the socket API, in `{ error: { code, message } }`.
 */
export async function createHttpApp(options: HttpAppOptions) {
	const app = Fastify({
		loggerInstance: options.logger.child({ component: 'http' }),
		// URLs carry record ids; request lines are not worth a log line each. Errors are logged below.
		logController: new LogController({ disableRequestLogging: true }),
		bodyLimit: 64 * 1024,
		// Long enough that an over-long id reaches its zod schema and gets INVALID_PAYLOAD, not a bare 414.
		routerOptions: { maxParamLength: 512 },
		trustProxy: false,
		...(options.https ? { https: options.https } : {}),
	}).withTypeProvider<ZodTypeProvider>();
	app.setValidatorCompiler(validatorCompiler);
	app.setSerializerCompiler(serializerCompiler);
	app.decorateRequest('account', undefined as unknown as Account);

	app.setErrorHandler((error, request, reply) => {
		if (error instanceof ProtocolError) return reply.code(HTTP_STATUS[error.code]).send(errorBody(error.code, error.message));
		if (hasZodFastifySchemaValidationErrors(error)) {
			const where = error.validation.slice(0, 5).map((v) => `${v.instancePath || '(body)'}: ${v.message ?? 'invalid'}`).join('; ');
			return reply.code(400).send(errorBody('INVALID_PAYLOAD', `${error.validationContext ?? 'request'}: ${where}`));
		}
		const status = (error as { statusCode?: number }).statusCode;
		if (status === 429) return reply.code(429).send(errorBody('RATE_LIMITED', 'too many attempts; wait a minute'));
		if (status !== undefined && status >= 400 && status < 500) {
			return reply.code(status).send(errorBody('INVALID_PAYLOAD', (error as Error).message));
		}
		request.log.error({ err: error, route: request.routeOptions.url }, 'request failed');
		return reply.code(500).send(errorBody('INTERNAL', 'the server could not complete this request'));
	});

	await app.register(cors, {
		origin: [...options.allowedOrigins],
		// HEAD and PATCH, and the tus headers, for resumable attachment uploads.
		methods: ['GET', 'POST', 'HEAD', 'PATCH'],
		allowedHeaders: ['content-type', 'authorization', PROTOCOL_HEADER, ...TUS_REQUEST_HEADERS],
		exposedHeaders: TUS_RESPONSE_HEADERS,
	});
	await app.register(rateLimit, { global: false });

	// An app that says which protocol it speaks and speaks another is told to update, not left to fail.
	app.addHook('onRequest', async (request) => {
		const spoken = request.headers[PROTOCOL_HEADER];
		if (spoken !== undefined && spoken !== String(PROTOCOL_VERSION)) {
			throw new ProtocolError('PROTOCOL_OUTDATED', `this server speaks protocol ${PROTOCOL_VERSION}; please update the app`);
		}
	});

	const origin = (request: FastifyRequest) => ({ remoteAddress: request.ip });
	const signedIn = async (request: FastifyRequest) => {
		const header = request.headers.authorization;
		const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
		if (!token) throw new ProtocolError('UNAUTHENTICATED', 'sign in first');
		request.account = await options.auth.authenticate(token, `http:${request.routeOptions.url ?? ''}`, origin(request));
	};

	app.post(
		HTTP_ROUTES.signIn,
		{
			schema: { body: signInRequestSchema },
			config: { rateLimit: { max: options.signInPerMinute, timeWindow: 60_000 } },
		},
		(request) => options.auth.signIn(request.body.username, request.body.password, origin(request)),
	);
	app.post(
		HTTP_ROUTES.refresh,
		{ schema: { body: refreshRequestSchema }, config: { rateLimit: { max: options.signInPerMinute * 6, timeWindow: 60_000 } } },
		(request) => options.auth.refresh(request.body.refreshToken, origin(request)),
	);
	app.post(HTTP_ROUTES.signOut, { schema: { body: signOutRequestSchema } }, async (request, reply) => {
		await options.auth.signOut(request.body.refreshToken, origin(request));
		return reply.code(204).send();
	});

	app.get(HTTP_ROUTES.consultations, { schema: { querystring: historyQuerySchema }, onRequest: signedIn }, async (request) =>
		consultationListSchema.parse({ consultations: await options.consultations.history(request.account, request.query) }),
	);
	app.get('/api/consultations/:id', { schema: { params: idParamsSchema }, onRequest: signedIn }, async (request) =>
		consultationDetailSchema.parse(await options.consultations.detail(request.account, request.params.id)),
	);
	app.get('/api/consultations/:id/fhir', { schema: { params: idParamsSchema }, onRequest: signedIn }, async (request, reply) => {
		const base = `${request.protocol}://${request.host}/fhir`;
		const bundle = await options.observations.fhirBundle(request.account, request.params.id, base);
		return reply.type('application/fhir+json').send(JSON.stringify(bundle));
	});
	app.get('/api/patients/:id/history', { schema: { params: idParamsSchema }, onRequest: signedIn }, (request) =>
		options.consultations.patientHistory(request.account, request.params.id),
	);
	app.get(HTTP_ROUTES.accounts, { onRequest: signedIn }, async (request) => ({ accounts: await options.accounts.list(request.account) }));
	await app.register(attachmentRoutes, { attachments: options.attachments, uploadsDirectory: options.attachmentUploadsDirectory, allowedOrigins: options.allowedOrigins, signedIn });

	app.get(HTTP_ROUTES.health, async (_request, reply) => {
		const report = options.health();
		return reply.code(report.status === 'ok' ? 200 : 503).header('cache-control', 'no-store').send(report);
	});

	if (existsSync(options.staticDir)) {
		// The same Content-Security-Policy as the desktop build, with the page's own origin as the server.
		const csp = contentSecurityPolicy();
		await app.register(fastifyStatic, {
			root: options.staticDir,
			wildcard: false,
			index: 'index.html',
			setHeaders: (res, path) => {
				res.setHeader('x-content-type-options', 'nosniff');
				if (path.endsWith('.html')) {
					res.setHeader('content-security-policy', csp);
					res.setHeader('referrer-policy', 'no-referrer');
				}
			},
		});
		// Any other GET outside /api is the app (it routes itself); an unknown /api path is a 404 in JSON.
		app.setNotFoundHandler((request, reply) =>
			request.method === 'GET' && !request.url.startsWith('/api/')
				? reply.header('cache-control', 'no-store').sendFile('index.html')
				: reply.code(404).send(errorBody('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`)),
		);
	} else {
		app.setNotFoundHandler((request, reply) =>
			request.url.startsWith('/api/')
				? reply.code(404).send(errorBody('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`))
				: reply.code(503).type('text/plain; charset=utf-8').send(`The app is not built (${options.staticDir} is missing). Run: npm run build\n`),
		);
	}
	return app;
}

export type HttpApp = Awaited<ReturnType<typeof createHttpApp>>;
