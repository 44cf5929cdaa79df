/**
 * Email delivery against a real SMTP server started here (tests/server/smtp-inbox.ts): the
 * server under test is the real one, with SMTP_URL pointing at it; messages are read as
 * delivered. Invitations by email, password reset (one use, expiry, other sessions and their
 * live connections ended, nothing told or sent for an unknown address), delivery that
 * survives a down SMTP server and a restart, and throttling.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { cleanupAfterEach, startServer, tempDataDir, waitFor, type ServerProcess } from './harness.ts';
import { Client } from './http-client.ts';
import { freePort, linkIn, startInbox } from './smtp-inbox.ts';
import { startPostgres, type PostgresServer } from './services.ts';

const cleanups = cleanupAfterEach();
/** What PUBLIC_URL says: links in emails must start with it, whatever Host a request carries. */
const PUBLIC_URL = 'https://tejido.example';

async function serverWithMail(smtpUrl: string, env: Record<string, string> = {}, dataDir?: string): Promise<{ server: ServerProcess; dataDir: string }> {
	let dir = dataDir;
	if (!dir) {
		const data = tempDataDir();
		cleanups.push(data.remove);
		dir = data.dir;
	}
	const server = await startServer(dir, { SMTP_URL: smtpUrl, PUBLIC_URL, MAIL_RETRY_MS: '100', ...env });
	cleanups.push(() => server.stop());
	return { server, dataDir: dir };
}

async function inbox(port = 0) {
	const box = await startInbox(port);
	cleanups.push(() => box.stop());
	return box;
}

const tokenOf = (link: string) => link.split('/').pop()!;

/** Reads the outbox table of a server's database file (SQLite allows it while the server runs). */
function outboxRows(dataDir: string): { attempts: number; last_error: string | null }[] {
	const store = new SqliteStore(join(dataDir, 'tejido.db'));
	try {
		return store.db.prepare('SELECT attempts, last_error FROM mail_outbox').all() as { attempts: number; last_error: string | null }[];
	} finally {
		void store.close();
	}
}

/** Opens a map's websocket with a cookie; resolves once open, with a promise of its close code. */
async function openSocket(server: ServerProcess, mapId: string, cookie: string): Promise<{ closed: Promise<number> }> {
	const ws = new WebSocket(`${server.wsUrl}/${mapId}`, { headers: { cookie } });
	const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
	ws.on('error', () => {});
	await new Promise((resolve, reject) => ws.once('open', resolve).once('unexpected-response', () => reject(new Error('socket refused'))));
	cleanups.push(() => ws.terminate());
	// Wrapped: an async function returning the promise itself would wait for the close.
	return { closed };
}

describe('email', () => {
	it('an invitation with an email address arrives there, in Spanish, with a link that lets the invitee join', async () => {
		const box = await inbox();
		const { server } = await serverWithMail(box.url);
		const owner = new Client(server.url);
		await owner.signUp('Olga');
		const mapId = ((await owner.post('/api/maps', { name: 'Mapa <Bogotá>' })).body.map as { id: string }).id;
		const created = await owner.post(`/api/maps/${mapId}/invitations`, { role: 'editor', email: 'Invitada@Example.org' });
		expect(created.status).toBe(201);
		expect(created.body.emailed).toBe(true);
		// The link is still given to copy.
		expect(String(created.body.url)).toMatch(/\/invite\//);

		const mail = await box.next('invitada@example.org');
		expect(mail.subject).toBe('Olga le invita a «Mapa <Bogotá>» en Tejido');
		expect(mail.text).toContain('como Editor');
		const link = linkIn(mail.text, `${PUBLIC_URL}/invite/`);
		expect(tokenOf(link)).toBe(created.body.token);
		// Simple HTML with the same link, the map's name escaped, nothing loaded from elsewhere.
		expect(mail.html).toContain(`href="${link}"`);
		expect(mail.html).toContain('Mapa &lt;Bogotá&gt;');
		expect(mail.html).not.toMatch(/<img|<script|src=/i);

		const invitee = new Client(server.url);
		await invitee.signUp('Invitada');
		const accepted = await invitee.post(`/api/invitations/${tokenOf(link)}/accept`);
		expect(accepted.body).toEqual({ mapId });
		expect((await invitee.get(`/api/maps/${mapId}`)).body.role).toBe('editor');
	});

	it('a reset link sets a new password once, in the asker’s language, and signs every device out, closing its live connections', async () => {
		const box = await inbox();
		const { server } = await serverWithMail(box.url);
		const laptop = new Client(server.url);
		const { email } = await laptop.signUp('Rosa');
		const mapId = ((await laptop.post('/api/maps', { name: 'Mapa' })).body.map as { id: string }).id;
		const phone = new Client(server.url);
		expect((await phone.post('/api/auth/signin', { email, password: 'correct horse battery' })).status).toBe(200);
		const phoneSocket = await openSocket(server, mapId, phone.cookie);

		const asked = await new Client(server.url).post('/api/auth/password-reset', { email: email.toUpperCase(), language: 'en' });
		expect(asked.status).toBe(202);
		const mail = await box.next(email);
		expect(mail.subject).toBe('Set a new password for Tejido');
		expect(mail.text).toContain('Hello Rosa,');
		const link = linkIn(mail.text, `${PUBLIC_URL}/reset/`);
		const api = `/api/auth/password-reset/${tokenOf(link)}`;

		const stranger = new Client(server.url);
		expect((await stranger.get(api)).status).toBe(200);
		expect((await stranger.post(api, { password: 'short' })).status).toBe(400);
		expect((await stranger.post(api, { password: 'a brand new password' })).status).toBe(200);

		// Both devices are signed out; the phone's open map connection is closed as signed out (4401).
		expect((await phone.get('/api/me')).status).toBe(401);
		expect((await laptop.get('/api/me')).status).toBe(401);
		expect(await phoneSocket.closed).toBe(4401);
		// Only the new password works.
		expect((await new Client(server.url).post('/api/auth/signin', { email, password: 'correct horse battery' })).status).toBe(401);
		expect((await new Client(server.url).post('/api/auth/signin', { email, password: 'a brand new password' })).status).toBe(200);
		// The link works once.
		expect((await stranger.get(api)).status).toBe(410);
		expect((await stranger.post(api, { password: 'yet another password' })).status).toBe(410);
		expect((await new Client(server.url).post('/api/auth/signin', { email, password: 'yet another password' })).status).toBe(401);
	});

	it('an expired reset link changes nothing', async () => {
		const box = await inbox();
		const { server, dataDir } = await serverWithMail(box.url);
		const client = new Client(server.url);
		const { email } = await client.signUp('Tomas');
		await client.post('/api/auth/password-reset', { email });
		const link = linkIn((await box.next(email)).text, `${PUBLIC_URL}/reset/`);
		// An hour passes (the link's lifetime), as the database sees it.
		const store = new SqliteStore(join(dataDir, 'tejido.db'));
		store.db.exec(`UPDATE password_resets SET expires_at = ${Date.now() - 1}`);
		await store.close();
		const api = `/api/auth/password-reset/${tokenOf(link)}`;
		expect((await client.get(api)).status).toBe(410);
		expect((await client.post(api, { password: 'a brand new password' })).status).toBe(410);
		expect((await client.get('/api/me')).status).toBe(200);
		expect((await new Client(server.url).post('/api/auth/signin', { email, password: 'correct horse battery' })).status).toBe(200);
	});

	it('asking for an unknown address answers exactly as for a known one, and sends nothing', async () => {
		const box = await inbox();
		const { server } = await serverWithMail(box.url);
		const { email } = await new Client(server.url).signUp('Known');
		const asker = new Client(server.url);
		const unknown = await asker.post('/api/auth/password-reset', { email: 'nobody-here@example.org' });
		const known = await asker.post('/api/auth/password-reset', { email });
		expect([unknown.status, unknown.body]).toEqual([known.status, known.body]);
		// Messages go out in the order they were asked for: once the known one is delivered,
		// one for the unknown address would have been too.
		await box.next(email);
		expect(box.to('nobody-here@example.org')).toEqual([]);
		expect(box.messages).toHaveLength(1);
	});

	it('an email asked for while the SMTP server is down stays queued and is delivered once it is up', async () => {
		const port = await freePort();
		const { server, dataDir } = await serverWithMail(`smtp://127.0.0.1:${port}`);
		const { email } = await new Client(server.url).signUp('Paciente');
		expect((await new Client(server.url).post('/api/auth/password-reset', { email })).status).toBe(202);
		await waitFor(() => outboxRows(dataDir).some((row) => row.attempts >= 1 && row.last_error !== null), 'a failed delivery attempt');
		const box = await inbox(port);
		const mail = await box.next(email);
		expect(mail.text).toContain(`${PUBLIC_URL}/reset/`);
		await waitFor(() => outboxRows(dataDir).length === 0, 'the delivered email leaves the outbox');
	});

	it('a restart resumes delivering what the outbox holds', async () => {
		const port = await freePort();
		const first = await serverWithMail(`smtp://127.0.0.1:${port}`);
		const { email } = await new Client(first.server.url).signUp('Reinicio');
		await new Client(first.server.url).post('/api/auth/password-reset', { email });
		await waitFor(() => outboxRows(first.dataDir).some((row) => row.attempts >= 1), 'a failed delivery attempt');
		await first.server.stop();
		const box = await inbox(port);
		await serverWithMail(`smtp://127.0.0.1:${port}`, {}, first.dataDir);
		const link = linkIn((await box.next(email)).text, `${PUBLIC_URL}/reset/`);
		expect(link.length).toBeGreaterThan(`${PUBLIC_URL}/reset/`.length);
	});

	it('reset requests are throttled per address asked for and per client address, known or not', async () => {
		const box = await inbox();
		const { server } = await serverWithMail(box.url, { RESETS_PER_EMAIL: '2', RESETS_PER_ADDRESS: '4' });
		const asker = new Client(server.url);
		const ask = async (email: string) => (await asker.post('/api/auth/password-reset', { email })).status;
		expect([await ask('a@example.org'), await ask('a@example.org')]).toEqual([202, 202]);
		expect(await ask('A@example.org')).toBe(429);
		expect(await ask('b@example.org')).toBe(202);
		// Four asked for from this address (the refused one counts): a fifth address is refused too.
		expect(await ask('c@example.org')).toBe(429);
	});

	it('without SMTP_URL nothing pretends to send: the reset says email is not set up, invitations are links to copy', async () => {
		const data = tempDataDir();
		cleanups.push(data.remove);
		const server = await startServer(data.dir);
		cleanups.push(() => server.stop());
		const client = new Client(server.url);
		await client.signUp('SinCorreo');
		expect((await client.get('/api/config')).body.mail).toBe(false);
		const asked = await client.post('/api/auth/password-reset', { email: 'x@example.org' });
		expect(asked.status).toBe(503);
		expect(asked.body.code).toBe('mail-off');
		const mapId = ((await client.post('/api/maps', { name: 'M' })).body.map as { id: string }).id;
		const invitation = await client.post(`/api/maps/${mapId}/invitations`, { role: 'viewer', email: 'y@example.org' });
		expect(invitation.status).toBe(201);
		expect(invitation.body.emailed).toBe(false);
	});

	it('refuses to start with SMTP_URL but no PUBLIC_URL, whose links a forged Host header could otherwise redirect', async () => {
		const { failedStart } = await import('./harness.ts');
		const data = tempDataDir();
		cleanups.push(data.remove);
		const { code, output } = await failedStart(data.dir, { SMTP_URL: 'smtp://127.0.0.1:2525' });
		expect(code).not.toBe(0);
		expect(output).toContain('SMTP_URL needs PUBLIC_URL');
	});
});

describe('email with two processes on PostgreSQL', () => {
	let postgres: PostgresServer;
	beforeAll(async () => {
		postgres = await startPostgres();
	});
	afterAll(() => postgres?.stop());

	it('two processes share the outbox: every email is delivered once, and a link asked through one is used through the other', async () => {
		const box = await inbox();
		const databaseUrl = await postgres.createDatabase();
		const [one, two] = [
			(await serverWithMail(box.url, { DATABASE_URL: databaseUrl })).server,
			(await serverWithMail(box.url, { DATABASE_URL: databaseUrl })).server
		];
		const emails: string[] = [];
		for (const name of ['Uno', 'Dos', 'Tres']) emails.push((await new Client(one.url).signUp(name)).email);
		// Asked through both processes; each email is claimed by one of them only.
		await new Client(one.url).post('/api/auth/password-reset', { email: emails[0] });
		await new Client(two.url).post('/api/auth/password-reset', { email: emails[1] });
		const link = linkIn((await box.next(emails[0])).text, `${PUBLIC_URL}/reset/`);
		await box.next(emails[1]);
		await new Client(two.url).post('/api/auth/password-reset', { email: emails[2] });
		await box.next(emails[2]);
		expect(box.messages.map((m) => m.to[0]).sort()).toEqual([...emails].sort());

		const api = `/api/auth/password-reset/${tokenOf(link)}`;
		expect((await new Client(two.url).post(api, { password: 'set through the other process' })).status).toBe(200);
		expect((await new Client(one.url).post(api, { password: 'and once more' })).status).toBe(410);
		expect((await new Client(one.url).post('/api/auth/signin', { email: emails[0], password: 'set through the other process' })).status).toBe(200);
	});
});
