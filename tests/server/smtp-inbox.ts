/**
 * A real SMTP server for tests (smtp-server, by nodemailer's author) that parses what it
 * receives (mailparser): tests read the delivered messages, no transport is mocked.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { createServer } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Delivered {
	to: string[];
	subject: string;
	text: string;
	html: string;
	mail: ParsedMail;
}

export interface Inbox {
	port: number;
	/** What to give Tejido as SMTP_URL. */
	url: string;
	messages: Delivered[];
	/** Resolves with the first message to `address` delivered since the inbox started (waits for it). */
	next(address: string, timeoutMs?: number): Promise<Delivered>;
	to(address: string): Delivered[];
	stop(): Promise<void>;
}

/** A free port on loopback, for an SMTP server that is not there yet. */
export async function freePort(): Promise<number> {
	const probe = createServer();
	await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
	const { port } = probe.address() as { port: number };
	await new Promise((resolve) => probe.close(resolve));
	return port;
}

export async function startInbox(port = 0): Promise<Inbox> {
	const messages: Delivered[] = [];
	const waiters = new Set<() => void>();
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS', 'AUTH'],
		logger: false,
		onData(stream, session, callback) {
			simpleParser(stream).then(
				(mail) => {
					messages.push({
						to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
						subject: mail.subject ?? '',
						text: mail.text ?? '',
						html: typeof mail.html === 'string' ? mail.html : '',
						mail
					});
					for (const wake of waiters) wake();
					callback();
				},
				(error) => callback(error)
			);
		}
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => resolve());
	});
	const bound = (server.server.address() as { port: number }).port;
	const to = (address: string) => messages.filter((m) => m.to.includes(address.toLowerCase()));
	return {
		port: bound,
		url: `smtp://127.0.0.1:${bound}`,
		messages,
		to,
		next(address, timeoutMs = 20_000) {
			return new Promise((resolve, reject) => {
				const check = () => {
					const found = to(address)[0];
					if (!found) return;
					waiters.delete(check);
					clearTimeout(timer);
					resolve(found);
				};
				const timer = setTimeout(() => {
					waiters.delete(check);
					reject(new Error(`no email to ${address} arrived`));
				}, timeoutMs);
				waiters.add(check);
				check();
			});
		},
		stop: () => new Promise((resolve) => server.close(() => resolve()))
	};
}

/** The first link in a message's text that starts with `prefix`. */
export function linkIn(text: string, prefix: string): string {
	const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	const match = new RegExp(`${escaped}\\S+`).exec(text);
	if (!match) throw new Error(`no link starting with ${prefix} in:\n${text}`);
	return match[0];
}
