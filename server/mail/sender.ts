/**
 * Delivers the outbox over SMTP (nodemailer). `queue` writes a message in the request that
 * causes it and wakes the loop; the loop claims due messages, sends them one at a time and
 * deletes each once the SMTP server took it. A failure keeps the message for a retry, each
 * twice as late as the last (from MAIL_RETRY_MS up to an hour), until its link expires: a
 * down SMTP server loses nothing, and a restarted process picks the outbox up where it was.
 */
import { createTransport } from 'nodemailer';
import type { MailConfig } from '../config.ts';
import { log } from '../log.ts';
import type { OutboxStore, OutgoingMail, QueuedMail } from '../store/outbox-store.ts';

/**
 * How long a claimed message is held from other processes: well over one delivery's worst
 * case (the timeouts below add up to 90 s). Messages are claimed one at a time, so a slow
 * SMTP server cannot keep a batch waiting past its lease for another process to send again.
 */
const LEASE_MS = 5 * 60 * 1000;
const MAX_RETRY_MS = 60 * 60 * 1000;
/** Looks at the outbox at least this often, for messages queued by other processes. */
const POLL_MS = 30_000;

export class MailSender {
	private readonly outbox: OutboxStore;
	private readonly config: MailConfig;
	private readonly transport: ReturnType<typeof createTransport>;
	private timer: NodeJS.Timeout | null = null;
	private running: Promise<void> | null = null;
	private again = false;
	private closed = false;

	constructor(outbox: OutboxStore, config: MailConfig) {
		this.outbox = outbox;
		this.config = config;
		this.transport = createTransport(
			{ url: config.smtpUrl, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 },
			{ from: config.from }
		);
	}

	/** Where links in emails point: PUBLIC_URL, never the request's Host. */
	get publicUrl(): string {
		return this.config.publicUrl;
	}

	/** Stores the message in the outbox and starts delivering it. */
	async queue(mail: OutgoingMail): Promise<void> {
		await this.outbox.enqueue(mail);
		this.wake();
	}

	/** Delivers what the outbox holds (after a restart too). */
	start(): void {
		this.wake();
	}

	/** Runs a delivery pass now, or once more right after the one under way. */
	wake(): void {
		if (this.closed) return;
		if (this.running) {
			this.again = true;
			return;
		}
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
		this.running = this.pass()
			.catch((error) => log('error', 'the outbox could not be read', { error: String(error) }))
			.finally(() => {
				this.running = null;
				if (this.again) {
					this.again = false;
					this.wake();
				} else void this.schedule();
			});
	}

	async close(): Promise<void> {
		this.closed = true;
		if (this.timer) clearTimeout(this.timer);
		await this.running;
		this.transport.close();
	}

	private async schedule(): Promise<void> {
		if (this.closed) return;
		const due = await this.outbox.nextDue().catch(() => null);
		if (this.closed || this.running) return;
		const wait = due === null ? POLL_MS : Math.min(POLL_MS, Math.max(0, due - Date.now()));
		this.timer = setTimeout(() => this.wake(), wait);
	}

	private async pass(): Promise<void> {
		const dropped = await this.outbox.dropExpired(Date.now());
		if (dropped > 0) log('warn', 'emails expired before they could be delivered', { count: dropped });
		while (!this.closed) {
			const [mail] = await this.outbox.claim(Date.now(), LEASE_MS, 1);
			if (!mail) return;
			await this.deliver(mail);
		}
	}

	private async deliver(mail: QueuedMail): Promise<void> {
		try {
			await this.transport.sendMail({ to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
			await this.outbox.delivered(mail.id);
			log('info', 'email delivered', { attempts: mail.attempts });
		} catch (error) {
			const { responseCode, command } = error as { responseCode?: number; command?: string };
			// The receiving server refused this recipient for good: retrying gets the same answer.
			if (command === 'RCPT TO' && responseCode !== undefined && responseCode >= 550) {
				await this.outbox.delivered(mail.id);
				log('warn', 'an email was refused by the SMTP server and dropped', { responseCode });
				return;
			}
			const retryMs = Math.min(MAX_RETRY_MS, this.config.retryMs * 2 ** (mail.attempts - 1));
			await this.outbox.failed(mail.id, Date.now() + retryMs, String((error as Error).message ?? error));
			log('warn', 'an email could not be delivered; it will be retried', { attempts: mail.attempts, retryInMs: retryMs, error: String((error as Error).message ?? error) });
		}
	}
}
