/** The outbox (outbox-store.ts) in PostgreSQL, shared by every process of a deployment. */
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { toQueuedMail, type OutboxStore, type OutgoingMail, type QueuedMail } from './outbox-store.ts';

export class PostgresOutboxStore implements OutboxStore {
	private readonly pool: Pool;

	constructor(pool: Pool) {
		this.pool = pool;
	}

	async enqueue(mail: OutgoingMail, now = Date.now()): Promise<string> {
		const id = randomUUID();
		await this.pool.query(
			`INSERT INTO mail_outbox (id, recipient, subject, text_body, html_body, created_at, expires_at, next_attempt_at)
			 VALUES ($1, $2, $3, $4, $5, $6, $7, $6)`,
			[id, mail.to, mail.subject, mail.text, mail.html, now, mail.expiresAt]
		);
		return id;
	}

	async claim(now: number, leaseMs: number, limit: number): Promise<QueuedMail[]> {
		// SKIP LOCKED: two processes claiming at once take different messages, neither waits.
		const { rows } = await this.pool.query(
			`UPDATE mail_outbox SET next_attempt_at = $1, attempts = attempts + 1
			 WHERE id IN (SELECT id FROM mail_outbox WHERE next_attempt_at <= $2 AND expires_at > $2
			              ORDER BY next_attempt_at, created_at LIMIT $3 FOR UPDATE SKIP LOCKED)
			 RETURNING *`,
			[now + leaseMs, now, limit]
		);
		return rows.map(toQueuedMail).sort((a, b) => a.createdAt - b.createdAt);
	}

	async delivered(id: string): Promise<void> {
		await this.pool.query('DELETE FROM mail_outbox WHERE id = $1', [id]);
	}

	async failed(id: string, retryAt: number, error: string): Promise<void> {
		await this.pool.query('UPDATE mail_outbox SET next_attempt_at = $1, last_error = $2 WHERE id = $3', [retryAt, error.slice(0, 500), id]);
	}

	async dropExpired(now: number): Promise<number> {
		return (await this.pool.query('DELETE FROM mail_outbox WHERE expires_at <= $1', [now])).rowCount ?? 0;
	}

	async nextDue(): Promise<number | null> {
		const { rows } = await this.pool.query('SELECT MIN(next_attempt_at) AS due FROM mail_outbox');
		return rows[0].due === null ? null : Number(rows[0].due);
	}
}
