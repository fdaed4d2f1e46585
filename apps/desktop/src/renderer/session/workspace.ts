import { OutboxStore } from '@consultdesk/outbox';
import { ProtocolError, type Account } from '@consultdesk/protocol';
import { EventEmitter } from 'eventemitter3';
import { AttachmentOutbox, attachmentOutboxName } from '../records/attachment-outbox.js';
import { ConsultationActions } from '../records/consultation-actions.js';
import { ConsultationHistory } from '../records/consultation-history.js';
import { ExpertDirectory } from '../records/expert-directory.js';
import { BluetoothVitals } from '../consultation/bluetooth-vitals.js';
import { ClinicVitals } from '../consultation/clinic-vitals.js';
import { browserBluetooth } from '../consultation/web-bluetooth.js';
import { ObservationOutbox } from '../records/observation-outbox.js';
import { OpenConsultations } from '../records/open-consultations.js';
import { PatientDirectory } from '../records/patient-directory.js';
import { TusAttachmentUploader } from '../records/tus-attachment-uploader.js';
import { ApiClient } from './api-client.js';
import { AuthSession, type SignOutReason } from './auth-session.js';
import type { OfflineCache } from './offline-cache.js';
import { SignalingConnection } from './signaling-connection.js';
import type { UserActivity } from './user-activity.js';

export interface WorkspaceEvents {
	/** Emitted once, after everything was closed; `error` says why the server ended it, when it did. */
	'signed-out': [reason: SignOutReason, error: ProtocolError | undefined];
}

export interface SignInOptions {
	serverUrl: string;
	username: string;
	password: string;
	cache: OfflineCache;
	activity: UserActivity;
}

/**
 * Everything that exists while an account is signed in: its session, the one
 * signalling connection, and the lists its home screen shows (which of them
 * depends on the role). Signing out, for whatever reason, closes it all.
 */
export class Workspace extends EventEmitter<WorkspaceEvents> {
	readonly api: ApiClient;
	readonly session: AuthSession;
	readonly connection: SignalingConnection;
	readonly open: OpenConsultations;
	readonly history: ConsultationHistory;
	readonly actions: ConsultationActions;
	/** Clinic doctors only. */
	readonly patients: PatientDirectory | undefined;
	/** Experts and admins. */
	readonly experts: ExpertDirectory | undefined;
	/** Clinic doctors only: readings waiting for the server's acknowledgement, kept across reloads. */
	readonly outbox: ObservationOutbox | undefined;
	/** Clinic doctors only: stills (later stethoscope clips) kept here until the server stored them, across reloads. */
	readonly attachments: AttachmentOutbox | undefined;
	/** Clinic doctors only: the vitals devices, which keep measuring through a dropped link. */
	readonly vitals: ClinicVitals | undefined;
	/** Clinic doctors only: the terminal's Bluetooth vitals devices, whose readings go where the simulated devices' go. */
	readonly bluetooth: BluetoothVitals | undefined;
	#refusal: ProtocolError | undefined;

	/**
	 * Signs in and connects. A refused handshake (an outdated app, a disabled
	 * account) signs out again and rejects with its code; a connection that
	 * merely cannot be made yet does not: the lists saved on this terminal show
	 * while it keeps trying.
	 */
	static async signIn(options: SignInOptions): Promise<Workspace> {
		const api = new ApiClient(options.serverUrl);
		const session = await AuthSession.signIn({ api, activity: options.activity }, options.username, options.password);
		const connection = new SignalingConnection({ serverUrl: options.serverUrl, accessToken: (rejected) => session.accessToken(rejected) });
		try {
			await connection.connected();
		} catch (error) {
			if (!(error instanceof ProtocolError) || error.code !== 'UNREACHABLE') {
				connection.close();
				await session.signOut('manual');
				throw error;
			}
		}
		return new Workspace(api, session, connection, options.cache);
	}

	private constructor(api: ApiClient, session: AuthSession, connection: SignalingConnection, cache: OfflineCache) {
		super();
		this.api = api;
		this.session = session;
		this.connection = connection;
		const { account } = session;
		this.open = new OpenConsultations({ connection, cache, accountId: account.accountId });
		this.actions = new ConsultationActions(connection, this.open);
		this.history = new ConsultationHistory({
			session,
			api,
			connection,
			cache,
			accountId: account.accountId,
			everyUpdateIsHistory: account.role !== 'expert',
		});
		this.patients = account.role === 'clinic-doctor' && account.clinic ? new PatientDirectory({ connection, cache, clinicId: account.clinic.clinicId }) : undefined;
		this.experts = account.role === 'clinic-doctor' ? undefined : new ExpertDirectory(connection);
		this.outbox = account.role === 'clinic-doctor' ? new ObservationOutbox({ connection, accountId: account.accountId }) : undefined;
		const vitals = this.outbox ? new ClinicVitals({ outbox: this.outbox }) : undefined;
		this.vitals = vitals;
		this.bluetooth = vitals
			? new BluetoothVitals({ bluetooth: browserBluetooth(), onReadings: (source, kind, measuredAt, readings) => vitals.recordDeviceReadings(source, kind, measuredAt, readings) })
			: undefined;
		this.attachments = account.role === 'clinic-doctor' ? Workspace.#attachmentOutbox(api, session, connection) : undefined;

		session.once('signed-out', (reason) => this.#close(reason));
		connection.on('refused', (error) => {
			this.#refusal = error;
			void session.signOut(error.code === 'ACCOUNT_DISABLED' ? 'account-disabled' : 'expired');
		});
		connection.subscribe('session:ended', () => void session.signOut('account-disabled'));

		// Each list reports its own failures in its snapshot; none stops the others.
		void this.open.start();
		void this.history.start();
		void this.patients?.start();
		void this.experts?.start();
		void this.bluetooth?.start();
	}

	static #attachmentOutbox(api: ApiClient, session: AuthSession, connection: SignalingConnection): AttachmentOutbox {
		// One database holds the stills and where each upload stands on the server.
		const store = new OutboxStore(attachmentOutboxName(session.account.accountId));
		return new AttachmentOutbox({
			accountId: session.account.accountId,
			store,
			connection,
			readRecord: (id) => session.authorized((token) => api.attachment(token, id)),
			uploader: new TusAttachmentUploader({ serverUrl: api.serverUrl, accessToken: (rejected) => session.accessToken(rejected), store }),
		});
	}

	get account(): Account {
		return this.session.account;
	}

	signOut(): Promise<void> {
		return this.session.signOut('manual');
	}

	#close(reason: SignOutReason): void {
		this.open.close();
		this.history.close();
		this.patients?.close();
		this.experts?.close();
		this.bluetooth?.close();
		this.vitals?.close();
		void this.outbox?.close();
		void this.attachments?.close();
		this.connection.close();
		this.emit('signed-out', reason, this.#refusal);
		this.removeAllListeners();
	}
}
