/** The outbox (outbox-store.ts) in the SQLite file. */
import { randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { toQueuedMail, type OutboxStore, type OutgoingMail, type QueuedMail, type Row } from './outbox-store.ts';

export class SqliteOutboxStore implements OutboxStore {
	private readonly db: DatabaseSync;

	constructor(db: DatabaseSync) {
		this.db = db;
	}

	async enqueue(mail: OutgoingMail, now = Date.now()): Promise<string> {
		const id = randomUUID();
		this.db
			.prepare(
				`INSERT INTO mail_outbox (id, recipient, subject, text_body, html_body, created_at, expires_at, next_attempt_at)
				 VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
			)
			.run(id, mail.to, mail.subject, mail.text, mail.html, now, mail.expiresAt, now);
		return id;
	}

	async claim(now: number, leaseMs: number, limit: number): Promise<QueuedMail[]> {
		const rows = this.db
			.prepare(
				`UPDATE mail_outbox SET next_attempt_at = ?, attempts = attempts + 1
				 WHERE id IN (SELECT id FROM mail_outbox WHERE next_attempt_at <= ? AND expires_at > ? ORDER BY next_attempt_at, created_at LIMIT ?)
				 RETURNING *`
			)
			.all(now + leaseMs, now, now, limit) as Row[];
		return rows.map(toQueuedMail).sort((a, b) => a.createdAt - b.createdAt);
	}

	async delivered(id: string): Promise<void> {
		this.db.prepare('DELETE FROM mail_outbox WHERE id = ?').run(id);
	}

	async failed(id: string, retryAt: number, error: string): Promise<void> {
		this.db.prepare('UPDATE mail_outbox SET next_attempt_at = ?, last_error = ? WHERE id = ?').run(retryAt, error.slice(0, 500), id);
	}

	async dropExpired(now: number): Promise<number> {
		return Number(this.db.prepare('DELETE FROM mail_outbox WHERE expires_at <= ?').run(now).changes);
	}

	async nextDue(): Promise<number | null> {
		const row = this.db.prepare('SELECT MIN(next_attempt_at) AS due FROM mail_outbox').get() as Row;
		return row.due === null ? null : Number(row.due);
	}
}
