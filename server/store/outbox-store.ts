/**
 * The outbox: emails written in the request that causes them and delivered afterwards by
 * server/mail/sender.ts, so a down SMTP server loses nothing and a restart resumes. A message
 * is deleted once delivered (a reset link's secret stays no longer than needed) or once its
 * link has expired. One interface, on SQLite and on PostgreSQL, in the store contract suite.
 */
export interface OutgoingMail {
	to: string;
	subject: string;
	text: string;
	html: string;
	/** Past this, delivering it is pointless (its link has expired): it is dropped. */
	expiresAt: number;
}

export interface QueuedMail extends OutgoingMail {
	id: string;
	createdAt: number;
	/** Delivery attempts so far, this one included. */
	attempts: number;
}

export interface OutboxStore {
	enqueue(mail: OutgoingMail, now?: number): Promise<string>;
	/**
	 * Takes up to `limit` messages due at `now` (oldest first), counts an attempt on each and
	 * holds them until `now + leaseMs`, so another process does not send them meanwhile.
	 */
	claim(now: number, leaseMs: number, limit: number): Promise<QueuedMail[]>;
	delivered(id: string): Promise<void>;
	/** Keeps a message for another attempt at `retryAt`. */
	failed(id: string, retryAt: number, error: string): Promise<void>;
	/** Deletes the messages expired at `now`; returns how many. */
	dropExpired(now: number): Promise<number>;
	/** When the next message is due, or null when the outbox is empty. */
	nextDue(): Promise<number | null>;
}

export type Row = Record<string, unknown>;

export function toQueuedMail(row: Row): QueuedMail {
	return {
		id: String(row.id),
		to: String(row.recipient),
		subject: String(row.subject),
		text: String(row.text_body),
		html: String(row.html_body),
		createdAt: Number(row.created_at),
		expiresAt: Number(row.expires_at),
		attempts: Number(row.attempts)
	};
}
