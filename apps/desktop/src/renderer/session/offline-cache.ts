import { consultationSchema, type Consultation } from '@consultdesk/protocol';
import { Dexie, type Table } from 'dexie';
import { z } from 'zod';

/** The lists a doctor may need to read while the server cannot be reached. */
export type SavedListName = 'history' | 'open';

export interface SavedList {
	consultations: Consultation[];
	/** ms since the epoch: when the server last gave us this list. */
	savedAt: number;
}

interface SavedListRow {
	accountId: string;
	list: SavedListName;
	consultations: unknown;
	savedAt: number;
}

interface PatientNameRow {
	clinicId: string;
	patientId: string;
	name: string;
}

class OfflineDatabase extends Dexie {
	lists!: Table<SavedListRow, [string, SavedListName]>;
	patientNames!: Table<PatientNameRow, [string, string]>;

	constructor(name: string) {
		super(name);
		this.version(1).stores({
			lists: '[accountId+list]',
			patientNames: '[clinicId+patientId], clinicId',
		});
	}
}

const savedConsultationsSchema = z.array(consultationSchema);

/**
 * What this terminal keeps in IndexedDB: the last lists each account read from
 * the server, shown at once and while offline, and the clinic's own names for
 * its patients. Patient names exist only here; the server knows a patient by
 * the clinic's reference alone, so a name is never sent or logged.
 */
export class OfflineCache {
	readonly #db: OfflineDatabase;

	constructor(databaseName = 'consultdesk-offline') {
		this.#db = new OfflineDatabase(databaseName);
	}

	/** The list as last saved for this account, or undefined when there is none or it no longer parses (an older app saved it). */
	async readList(accountId: string, list: SavedListName): Promise<SavedList | undefined> {
		let row: SavedListRow | undefined;
		try {
			row = await this.#db.lists.get([accountId, list]);
		} catch {
			// Storage unavailable (private window, quota, corruption): as good as an empty cache.
			return undefined;
		}
		if (!row) return undefined;
		const consultations = savedConsultationsSchema.safeParse(row.consultations);
		return consultations.success ? { consultations: consultations.data, savedAt: row.savedAt } : undefined;
	}

	/** Replaces the saved list. A failure to save only costs the offline copy, so it is reported, not thrown. */
	async saveList(accountId: string, list: SavedListName, consultations: readonly Consultation[], savedAt = Date.now()): Promise<boolean> {
		try {
			await this.#db.lists.put({ accountId, list, consultations: [...consultations], savedAt });
			return true;
		} catch {
			return false;
		}
	}

	/** This clinic's names for its patients, by patient id. */
	async patientNames(clinicId: string): Promise<Map<string, string>> {
		const rows = await this.#db.patientNames.where('clinicId').equals(clinicId).toArray();
		return new Map(rows.map((r) => [r.patientId, r.name]));
	}

	/** Stores a patient's name on this terminal; an empty name forgets it. */
	async setPatientName(clinicId: string, patientId: string, name: string): Promise<void> {
		const trimmed = name.trim();
		if (trimmed === '') await this.#db.patientNames.delete([clinicId, patientId]);
		else await this.#db.patientNames.put({ clinicId, patientId, name: trimmed });
	}

	close(): void {
		this.#db.close();
	}
}
