import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type MigrationProvider } from 'kysely';
import { MIGRATIONS } from './migrations/index.js';
import type { DatabaseSchema } from './schema.js';

export type Database = Kysely<DatabaseSchema>;

export class DatabaseError extends Error {
	override readonly name = 'DatabaseError';
}

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/**
 * Opens (creating if needed) the embedded SQLite database file and brings its
 * schema up to date. WAL lets readers go on while a write commits; a crash
 * loses nothing that was committed.
 */
export async function openDatabase(file: string): Promise<{ db: Database; created: boolean }> {
	mkdirSync(dirname(file), { recursive: true });
	let sqlite: SqliteDatabase.Database;
	try {
		sqlite = new SqliteDatabase(file);
		sqlite.pragma('journal_mode = WAL');
		sqlite.pragma('synchronous = NORMAL');
		sqlite.pragma('foreign_keys = ON');
		sqlite.pragma('busy_timeout = 5000');
	} catch (error) {
		throw new DatabaseError(`cannot open the database ${file}: ${(error as Error).message}`);
	}
	const db = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: sqlite }) });
	const created = !(await hasTables(db));
	await migrate(db);
	return { db, created };
}

async function hasTables(db: Database): Promise<boolean> {
	return (await db.introspection.getTables()).some((t) => t.name === 'accounts');
}

/** Runs every migration not yet applied, in order; stops the server with the failing step's name. */
export async function migrate(db: Database): Promise<string[]> {
	const migrator = new Migrator({ db, provider });
	const { error, results } = await migrator.migrateToLatest();
	const failed = results?.find((r) => r.status === 'Error');
	if (error) {
		throw new DatabaseError(`database migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message}`);
	}
	return (results ?? []).map((r) => r.migrationName);
}
