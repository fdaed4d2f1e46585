import type { Patient, RequestPayload } from '@consultdesk/protocol';
import { EventEmitter } from 'eventemitter3';
import type { OfflineCache } from '../session/offline-cache.js';
import type { SignalingConnection } from '../session/signaling-connection.js';

export interface PatientDirectorySnapshot {
	/** The clinic's patients as the server knows them: reference, birth year, sex. Newest first. */
	patients: readonly Patient[];
	/** Names this terminal keeps for them, by patient id; never sent anywhere. */
	names: ReadonlyMap<string, string>;
	loading: boolean;
	error: unknown;
}

/**
 * A clinic's patients: the pseudonymous records from patient:list, joined on
 * this terminal with the names the clinic keeps locally (OfflineCache).
 */
export class PatientDirectory extends EventEmitter<{ change: [] }> {
	readonly #connection: Pick<SignalingConnection, 'request' | 'on' | 'off'>;
	readonly #cache: Pick<OfflineCache, 'patientNames' | 'setPatientName'>;
	readonly #clinicId: string;
	readonly #onConnected = () => void this.refresh();
	#snapshot: PatientDirectorySnapshot = { patients: [], names: new Map(), loading: true, error: undefined };
	#closed = false;

	constructor(options: {
		connection: Pick<SignalingConnection, 'request' | 'on' | 'off'>;
		cache: Pick<OfflineCache, 'patientNames' | 'setPatientName'>;
		clinicId: string;
	}) {
		super();
		this.#connection = options.connection;
		this.#cache = options.cache;
		this.#clinicId = options.clinicId;
	}

	get snapshot(): PatientDirectorySnapshot {
		return this.#snapshot;
	}

	async start(): Promise<void> {
		this.#connection.on('connected', this.#onConnected);
		const names = this.#cache.patientNames(this.#clinicId).then(
			(found) => this.#update({ names: found }),
			// Without local storage the clinic still works with references alone.
			() => undefined,
		);
		await Promise.all([names, this.refresh()]);
	}

	async refresh(): Promise<void> {
		this.#update({ loading: true });
		try {
			const { patients } = await this.#connection.request('patient:list', {});
			this.#update({ patients: newestFirst(patients), loading: false, error: undefined });
		} catch (error) {
			this.#update({ loading: false, error });
		}
	}

	/** Registers a patient with the server; the name, if any, is kept on this terminal only. */
	async register(details: RequestPayload<'patient:register'>, name: string): Promise<Patient> {
		const { patient } = await this.#connection.request('patient:register', details);
		this.#update({ patients: newestFirst([patient, ...this.#snapshot.patients.filter((p) => p.patientId !== patient.patientId)]) });
		if (name.trim()) await this.setName(patient.patientId, name);
		return patient;
	}

	async setName(patientId: string, name: string): Promise<void> {
		await this.#cache.setPatientName(this.#clinicId, patientId, name);
		const names = new Map(this.#snapshot.names);
		if (name.trim()) names.set(patientId, name.trim());
		else names.delete(patientId);
		this.#update({ names });
	}

	find(patientId: string): Patient | undefined {
		return this.#snapshot.patients.find((p) => p.patientId === patientId);
	}

	close(): void {
		this.#closed = true;
		this.#connection.off('connected', this.#onConnected);
		this.removeAllListeners();
	}

	#update(change: Partial<PatientDirectorySnapshot>): void {
		if (this.#closed) return;
		this.#snapshot = { ...this.#snapshot, ...change };
		this.emit('change');
	}
}

function newestFirst(patients: readonly Patient[]): Patient[] {
	return [...patients].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
