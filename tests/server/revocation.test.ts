/**
 * Ending a right ends the live connections it covered (issue 23, item 5): sign-out, "sign out
 * everywhere", a password change, a removal from a map, a share link's revocation and its
 * expiry each close the covered socket with a clear close code, and an edit sent after is
 * not stored. Real server process, real HTTP, stock y-websocket clients.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE } from '../../server/collab/room.ts';
import { Client } from './http-client.ts';
import { connectClient, startServer, tempDataDir, waitFor, type ServerProcess, type TestClient } from './harness.ts';

const PASSWORD = 'correct horse battery';
let server: ServerProcess;
const data = tempDataDir();
let owner: Client;
let ownerEmail = '';
let mapId = '';
const clients: TestClient[] = [];

beforeAll(async () => {
	server = await startServer(data.dir);
	owner = new Client(server.url);
	ownerEmail = (await owner.signUp('Owner', PASSWORD)).email;
	mapId = ((await owner.post('/api/maps', { name: 'Derechos' })).body.map as { id: string }).id;
});

afterAll(async () => {
	for (const client of clients) client.destroy();
	await server.stop();
	data.remove();
});

function connect(options: { cookie?: string; share?: string }): TestClient {
	const client = connectClient(server.wsUrl, mapId, 'someone', options);
	clients.push(client);
	return client;
}

function nextClose(client: TestClient): Promise<{ code: number; reason: string }> {
	return new Promise((resolve) =>
		client.provider.once('connection-close', (event: { code: number; reason: string } | null) =>
			resolve({ code: event?.code ?? 0, reason: event?.reason ?? '' })
		)
	);
}

/** A second session of the owner's account, as on another device. */
async function otherDevice(): Promise<Client> {
	const device = new Client(server.url);
	expect((await device.post('/api/auth/signin', { email: ownerEmail, password: PASSWORD })).status).toBe(200);
	return device;
}

/**
 * Runs `revoke` while `client` is connected, edits right after it answered, and expects the
 * socket closed with `code` and the edit never stored (a fresh owner connection lacks it).
 */
async function expectClosedAndEditDropped(client: TestClient, code: number, revoke: () => Promise<number>): Promise<string> {
	await client.synced();
	const closed = nextClose(client);
	expect(await revoke()).toBe(200);
	const late = client.map.addAgent({ name: 'after the revocation', position: [-74, 4.6] });
	const { code: got, reason } = await closed;
	expect(got).toBe(code);
	const check = connect({ cookie: owner.cookie });
	await check.synced();
	expect(check.map.agent(late)).toBeNull();
	return reason;
}

describe('live connections end with the rights that opened them', () => {
	it('sign-out closes that session’s socket (4401)', async () => {
		const device = await otherDevice();
		const client = connect({ cookie: device.cookie });
		const reason = await expectClosedAndEditDropped(client, CLOSE.signedOut, async () => (await device.post('/api/auth/signout')).status);
		expect(reason).toMatch(/signed out/);
	});

	it('"sign out everywhere" closes the other sessions’ sockets and keeps this one', async () => {
		const device = await otherDevice();
		const elsewhere = connect({ cookie: device.cookie });
		const here = connect({ cookie: owner.cookie });
		await here.synced();
		let hereClosed = false;
		here.provider.on('connection-close', () => (hereClosed = true));
		await expectClosedAndEditDropped(elsewhere, CLOSE.signedOut, async () => (await owner.post('/api/auth/signout-others')).status);
		const kept = here.map.addAgent({ name: 'still here', position: [-74, 4.7] });
		const check = connect({ cookie: owner.cookie });
		await waitFor(() => check.map.agent(kept) !== null, 'the session that signed the others out still edits');
		expect(hereClosed).toBe(false);
	});

	it('a password change closes the other sessions’ sockets (4401)', async () => {
		const device = await otherDevice();
		const client = connect({ cookie: device.cookie });
		await expectClosedAndEditDropped(client, CLOSE.signedOut, async () => {
			const reply = await owner.post('/api/auth/password', { current: PASSWORD, next: `${PASSWORD} 2` });
			// Back to the first password for the tests that sign in again.
			await owner.post('/api/auth/password', { current: `${PASSWORD} 2`, next: PASSWORD });
			return reply.status;
		});
	});

	it('removal from a map closes the member’s socket (4410)', async () => {
		const member = new Client(server.url);
		const { id: memberId } = await member.signUp('Member');
		const invitation = await owner.post(`/api/maps/${mapId}/invitations`, { role: 'editor' });
		expect((await member.post(`/api/invitations/${invitation.body.token}/accept`)).status).toBe(200);
		const client = connect({ cookie: member.cookie });
		const reason = await expectClosedAndEditDropped(
			client,
			CLOSE.revoked,
			async () => (await owner.delete(`/api/maps/${mapId}/members/${memberId}`)).status
		);
		expect(reason).toMatch(/access to this map was removed/);
	});

	it('revoking a share link closes its sockets (4410)', async () => {
		const share = await owner.post(`/api/maps/${mapId}/shares`, {});
		const partner = connect({ share: String(share.body.token) });
		await partner.synced();
		const closed = nextClose(partner);
		expect((await owner.delete(`/api/maps/${mapId}/shares/${share.body.id}`)).status).toBe(200);
		const { code, reason } = await closed;
		expect(code).toBe(CLOSE.revoked);
		expect(reason).toMatch(/share link was revoked/);
	});

	it('a share link’s socket is closed when the link expires (4410), and gets nothing after', async () => {
		// Expiry is given in days; this one expires two seconds from now.
		const share = await owner.post(`/api/maps/${mapId}/shares`, { expiresInDays: 2 / 86_400 });
		const partner = connect({ share: String(share.body.token) });
		await partner.synced();
		const { code, reason } = await nextClose(partner);
		expect(code).toBe(CLOSE.revoked);
		expect(reason).toMatch(/expired/);
		const writer = connect({ cookie: owner.cookie });
		await writer.synced();
		const after = writer.map.addAgent({ name: 'after the expiry', position: [-74, 4.8] });
		const check = connect({ cookie: owner.cookie });
		await waitFor(() => check.map.agent(after) !== null, 'the edit is stored and sent to connected clients');
		expect(partner.map.agent(after)).toBeNull();
	});
});
