import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { accountRoleSchema, displayNameSchema, passwordSchema, specialtySchema, usernameSchema } from '@consultdesk/protocol';
import { z } from 'zod';
import { hashPassword } from './auth/password-hasher.js';
import type { ServerConfig } from './config.js';
import { DATABASE_FILE } from './consultation-server.js';
import { openDatabase } from './database/database.js';
import { AccountStore } from './records/account-store.js';
import { ConsultationStore } from './records/consultation-store.js';
import { PatientStore } from './records/patient-store.js';

/*
 * What IT staff run to set a server up: add clinics and accounts to the
 * database in the configured data directory. `consultdesk-server clinics add`,
 * `consultdesk-server accounts add`, `consultdesk-server accounts list`.
 */

export class ProvisioningError extends Error {
	override readonly name = 'ProvisioningError';
}

const clinicInput = z.strictObject({ name: z.string().trim().min(2).max(120), country: z.string().regex(/^[A-Z]{2}$/, 'a two-letter ISO country code, e.g. KH') });
const accountInput = z
	.strictObject({
		username: usernameSchema,
		name: displayNameSchema,
		role: accountRoleSchema,
		specialty: z.array(specialtySchema).default([]),
		clinic: z.string().min(1).optional(),
		password: passwordSchema.refine((p) => p.length >= 10, 'at least 10 characters'),
	})
	.refine((a) => (a.role === 'clinic-doctor') === (a.clinic !== undefined), { message: 'a clinic doctor needs --clinic, and only a clinic doctor', path: ['clinic'] })
	.refine((a) => (a.role === 'expert') === a.specialty.length > 0, { message: 'an expert needs at least one --specialty, and only an expert', path: ['specialty'] });

/** The stores of a data directory's database, for tools that prepare one before a server starts (provisioning, benchmarks). */
export async function openRecords(dataDir: string): Promise<{ accounts: AccountStore; patients: PatientStore; consultations: ConsultationStore; close(): Promise<void> }> {
	const { db } = await openDatabase(join(dataDir, DATABASE_FILE));
	return { accounts: new AccountStore(db), patients: new PatientStore(db), consultations: new ConsultationStore(db), close: () => db.destroy() };
}

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
	const result = schema.safeParse(input);
	if (!result.success) throw new ProvisioningError(z.prettifyError(result.error));
	return result.data;
}

/** Runs one provisioning command; returns what to print. `password` comes from the environment or stdin, never argv. */
export async function runProvisioning(config: ServerConfig, argv: string[], password: () => Promise<string>): Promise<string> {
	const [noun, verb, ...rest] = argv;
	const { accounts, close } = await openRecords(config.dataDir);
	try {
		if (noun === 'clinics' && verb === 'add') {
			const { values } = parseArgs({ args: rest, options: { name: { type: 'string' }, country: { type: 'string' } }, strict: true });
			const clinic = await accounts.createClinic(parse(clinicInput, values));
			return `clinic ${clinic.clinicId} ${clinic.name}`;
		}
		if (noun === 'accounts' && verb === 'add') {
			const { values } = parseArgs({
				args: rest,
				options: { username: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, specialty: { type: 'string', multiple: true }, clinic: { type: 'string' } },
				strict: true,
			});
			const input = parse(accountInput, { ...values, password: await password() });
			const account = await accounts.create({
				username: input.username,
				displayName: input.name,
				role: input.role,
				passwordHash: await hashPassword(input.password),
				specialties: input.specialty,
				...(input.clinic ? { clinicId: input.clinic } : {}),
			});
			return `account ${account.accountId} ${account.username} (${account.role})`;
		}
		if (noun === 'accounts' && verb === 'list') {
			const all = await accounts.list();
			return all.map((a) => [a.username, a.role, a.displayName, a.clinic?.name ?? a.specialties.join(','), a.disabled ? 'disabled' : ''].join('\t')).join('\n');
		}
		throw new ProvisioningError(
			'usage:\n  consultdesk-server clinics add --name "Kampong Cham CHC" --country KH\n  consultdesk-server accounts add --username wang --name "Dr Wang Li" --role expert --specialty respiratory\n  consultdesk-server accounts add --username sok --name "Dr Sok" --role clinic-doctor --clinic <clinic id>\n  consultdesk-server accounts list\n(the password is read from CONSULTDESK_PASSWORD or standard input)',
		);
	} catch (error) {
		if (error instanceof ProvisioningError) throw error;
		const message = (error as Error).message;
		if (/UNIQUE constraint failed: accounts.username/.test(message)) throw new ProvisioningError('that user name is taken');
		if (/FOREIGN KEY constraint failed/.test(message)) throw new ProvisioningError('no clinic with that id (see: consultdesk-server clinics add)');
		if ((error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new ProvisioningError(message);
		throw error;
	} finally {
		await close();
	}
}
