import type { Database } from '../database/database.js';
import type { AuditOutcome } from '../database/schema.js';

/** What the audit log records: an action, who tried it, and what came of it. Never medical content. */
export interface AuditEntry {
	action: string;
	outcome: AuditOutcome;
	actorAccountId?: string | undefined;
	/** The error code sent back, for refusals. */
	code?: string | undefined;
	consultationId?: string | undefined;
	targetAccountId?: string | undefined;
	/** Why, in words for an auditor: "not a participant", "token signature invalid". */
	reason: string;
	remoteAddress?: string | undefined;
}

export interface AuditRow extends AuditEntry {
	id: number;
	at: string;
}

/** The append-only record of who did what, and of every refused attempt. */
export class AuditLog {
	readonly #db: Database;

	constructor(db: Database) {
		this.#db = db;
	}

	async record(entry: AuditEntry, at = new Date()): Promise<void> {
		await this.#db
			.insertInto('audit_log')
			.values({
				at: at.toISOString(),
				action: entry.action,
				outcome: entry.outcome,
				actor_account_id: entry.actorAccountId ?? null,
				code: entry.code ?? null,
				consultation_id: entry.consultationId ?? null,
				target_account_id: entry.targetAccountId ?? null,
				reason: entry.reason.slice(0, 500),
				remote_address: entry.remoteAddress ?? null,
			})
			.execute();
	}

	/** The newest entries first, optionally only those of one consultation or actor. */
	async list(filter: { consultationId?: string; actorAccountId?: string; outcome?: AuditOutcome; limit?: number } = {}): Promise<AuditRow[]> {
		let query = this.#db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(filter.limit ?? 1000);
		if (filter.consultationId) query = query.where('consultation_id', '=', filter.consultationId);
		if (filter.actorAccountId) query = query.where('actor_account_id', '=', filter.actorAccountId);
		if (filter.outcome) query = query.where('outcome', '=', filter.outcome);
		const rows = await query.execute();
		return rows.map((r) => ({
			id: r.id,
			at: r.at,
			action: r.action,
			outcome: r.outcome,
			actorAccountId: r.actor_account_id ?? undefined,
			code: r.code ?? undefined,
			consultationId: r.consultation_id ?? undefined,
			targetAccountId: r.target_account_id ?? undefined,
			reason: r.reason,
			remoteAddress: r.remote_address ?? undefined,
		}));
	}
}
