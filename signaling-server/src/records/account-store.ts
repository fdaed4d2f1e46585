import { randomUUID } from 'node:crypto';
import type { Account, AccountRole, ClinicRef, Specialty } from '@consultdesk/protocol';
import type { Database } from '../database/database.js';

/** An account as the server holds it: the public view plus its password hash. */
export interface AccountRecord extends Account {
	passwordHash: string;
}

export interface NewAccount {
	username: string;
	displayName: string;
	role: AccountRole;
	clinicId?: string;
	passwordHash: string;
	specialties?: Specialty[];
}

/** Clinics and accounts. */
export class AccountStore {
	readonly #db: Database;

	constructor(db: Database) {
		this.#db = db;
	}

	async createClinic(input: { name: string; country: string }, now = new Date()): Promise<ClinicRef> {
		const id = randomUUID();
		await this.#db.insertInto('clinics').values({ id, name: input.name, country: input.country, created_at: now.toISOString() }).execute();
		return { clinicId: id, name: input.name };
	}

	async create(input: NewAccount, now = new Date()): Promise<AccountRecord> {
		const id = randomUUID();
		await this.#db.transaction().execute(async (trx) => {
			await trx
				.insertInto('accounts')
				.values({
					id,
					username: input.username,
					display_name: input.displayName,
					role: input.role,
					clinic_id: input.clinicId ?? null,
					password_hash: input.passwordHash,
					disabled: 0,
					created_at: now.toISOString(),
				})
				.execute();
			if (input.specialties?.length) {
				await trx
					.insertInto('account_specialties')
					.values(input.specialties.map((specialty) => ({ account_id: id, specialty })))
					.execute();
			}
		});
		const created = await this.findById(id);
		if (!created) throw new Error(`account ${id} vanished after insert`);
		return created;
	}

	findByUsername(username: string): Promise<AccountRecord | undefined> {
		return this.#find('accounts.username', username).then((all) => all[0]);
	}

	findById(id: string): Promise<AccountRecord | undefined> {
		return this.#find('accounts.id', id).then((all) => all[0]);
	}

	list(): Promise<AccountRecord[]> {
		return this.#find();
	}

	listExperts(): Promise<AccountRecord[]> {
		return this.#find('accounts.role', 'expert');
	}

	/** Returns false when no such account exists. */
	async setDisabled(id: string, disabled: boolean): Promise<boolean> {
		const result = await this.#db.updateTable('accounts').set({ disabled: disabled ? 1 : 0 }).where('id', '=', id).executeTakeFirst();
		return result.numUpdatedRows === 1n;
	}

	async #find(column?: 'accounts.id' | 'accounts.username' | 'accounts.role', value?: string): Promise<AccountRecord[]> {
		let query = this.#db
			.selectFrom('accounts')
			.leftJoin('clinics', 'clinics.id', 'accounts.clinic_id')
			.select([
				'accounts.id',
				'accounts.username',
				'accounts.display_name',
				'accounts.role',
				'accounts.clinic_id',
				'accounts.password_hash',
				'accounts.disabled',
				'clinics.name as clinic_name',
			])
			.orderBy('accounts.display_name');
		if (column && value !== undefined) query = query.where(column, '=', value as never);
		const rows = await query.execute();
		if (rows.length === 0) return [];
		const specialties = await this.#db
			.selectFrom('account_specialties')
			.select(['account_id', 'specialty'])
			.where('account_id', 'in', rows.map((r) => r.id))
			.orderBy('specialty')
			.execute();
		return rows.map((row) => ({
			accountId: row.id,
			username: row.username,
			displayName: row.display_name,
			role: row.role,
			...(row.clinic_id ? { clinic: { clinicId: row.clinic_id, name: row.clinic_name ?? '' } } : {}),
			specialties: specialties.filter((s) => s.account_id === row.id).map((s) => s.specialty),
			disabled: row.disabled === 1,
			passwordHash: row.password_hash,
		}));
	}
}

/** The view of an account that may leave the server. */
export function publicAccount(record: AccountRecord): Account {
	const { passwordHash: _hash, ...account } = record;
	return account;
}
