/**
 * Connection limits (issue 23, item 3): share-link sockets cannot fill a map's room (the last
 * slots are kept for members), nor can one share link, one account or one address hold more
 * than its share; a socket that stays silent past the timeout is closed. Real server process,
 * raw sockets; addresses are told to the server through X-Forwarded-For (TRUST_PROXY=1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CLOSE } from '../../server/collab/room.ts';
import { Client } from './http-client.ts';
import { connectClient, startServer, tempDataDir, type ServerProcess } from './harness.ts';

const LIMITS = {
	MAX_CONNECTIONS_PER_ROOM: '12',
	MEMBER_RESERVED_CONNECTIONS: '4',
	MAX_CONNECTIONS_PER_SHARE: '5',
	MAX_CONNECTIONS_PER_ACCOUNT: '3',
	MAX_CONNECTIONS_PER_ADDRESS: '4',
	TRUST_PROXY: '1'
};

type Opened = { ws: WebSocket; status: 'open' } | { status: number; error: string };

let nextAddress = 1;
/** A fresh client address for every socket unless one is given. */
const freshAddress = () => `198.51.100.${nextAddress++}`;

/**
 * Opens a raw socket; resolves with it, or with the HTTP status that refused it and the
 * refusal's message (a refused upgrade carries no body, so it is asked again as a plain GET).
 */
function open(server: ServerProcess, path: string, extra: Record<string, string> = {}): Promise<Opened> {
	const headers = { 'x-forwarded-for': freshAddress(), ...extra };
	return new Promise((resolve) => {
		const ws = new WebSocket(`${server.wsUrl}/${path}`, { headers });
		ws.on('open', () => resolve({ ws, status: 'open' }));
		ws.on('unexpected-response', async (_req, res) => {
			const reply = await fetch(`${server.url}/collab/${path}`, { headers });
			const body = (await reply.json().catch(() => ({}))) as { error?: string };
			resolve({ status: res.statusCode ?? 0, error: body.error ?? '' });
		});
		ws.on('error', () => {});
	});
}

const opened: WebSocket[] = [];
async function openMany(server: ServerProcess, path: string, count: number, headers?: () => Record<string, string>): Promise<Opened[]> {
	const results: Opened[] = [];
	for (let i = 0; i < count; i++) {
		const result = await open(server, path, headers?.());
		if (result.status === 'open') opened.push(result.ws);
		results.push(result);
	}
	return results;
}

const statuses = (results: Opened[]) => results.map((r) => r.status);

describe('connection limits', () => {
	let server: ServerProcess;
	const data = tempDataDir();
	let owner: Client;
	let mapId = '';
	const share = async () => {
		const reply = await new Client(server.url, owner.cookie).post(`/api/maps/${mapId}/shares`, {});
		return `${mapId}?share=${encodeURIComponent(String(reply.body.token))}`;
	};

	beforeAll(async () => {
		server = await startServer(data.dir, LIMITS);
		owner = new Client(server.url);
		await owner.signUp('Owner');
		mapId = ((await owner.post('/api/maps', { name: 'Límites' })).body.map as { id: string }).id;
	});

	afterAll(async () => {
		for (const ws of opened) ws.terminate();
		await server.stop();
		data.remove();
	});

	it('one share link holds at most its limit of sockets (429 at the upgrade)', async () => {
		const results = await openMany(server, await share(), 6);
		expect(statuses(results)).toEqual(['open', 'open', 'open', 'open', 'open', 429]);
		expect((results[5] as { error: string }).error).toMatch(/share link has too many open connections/);
	});

	it('share links cannot take the slots kept for members: the owner still connects', async () => {
		// 5 share sockets are open; the room holds 12, of which share links may take 8.
		const results = await openMany(server, await share(), 4);
		expect(statuses(results)).toEqual(['open', 'open', 'open', 429]);
		expect((results[3] as { error: string }).error).toMatch(/map has too many open connections/);
		const ownerClient = connectClient(server.wsUrl, mapId, 'owner', { cookie: owner.cookie });
		try {
			await ownerClient.synced();
		} finally {
			ownerClient.destroy();
		}
	});

	it('one account holds at most its limit of sockets on one map', async () => {
		const results = await openMany(server, mapId, 4, () => ({ cookie: owner.cookie }));
		expect(statuses(results)).toEqual(['open', 'open', 'open', 429]);
		expect((results[3] as { error: string }).error).toMatch(/too many tabs/);
	});

	it('one address holds at most its limit of sockets', async () => {
		const other = new Client(server.url);
		await other.signUp('Other');
		const otherMap = ((await other.post('/api/maps', { name: 'Otro' })).body.map as { id: string }).id;
		const link = String((await other.post(`/api/maps/${otherMap}/shares`, {})).body.token);
		const path = `${otherMap}?share=${encodeURIComponent(link)}`;
		const results = await openMany(server, path, 5, () => ({ 'x-forwarded-for': '203.0.113.7' }));
		expect(statuses(results)).toEqual(['open', 'open', 'open', 'open', 429]);
		expect((results[4] as { error: string }).error).toMatch(/from your network/);
		// The limit is the address's, not the link's: another address still gets in.
		expect(statuses(await openMany(server, path, 1))).toEqual(['open']);
	});
});

describe('silent connections', () => {
	let server: ServerProcess;
	const data = tempDataDir();

	beforeAll(async () => {
		server = await startServer(data.dir, { IDLE_TIMEOUT_MS: '1500' });
	});

	afterAll(async () => {
		for (const ws of opened) ws.terminate();
		await server.stop();
		data.remove();
	});

	it('a socket that sends nothing past the timeout is closed (4408); one that speaks stays', async () => {
		const owner = new Client(server.url);
		await owner.signUp('Owner');
		const mapId = ((await owner.post('/api/maps', { name: 'Silencio' })).body.map as { id: string }).id;
		const silent = await open(server, mapId, { cookie: owner.cookie });
		const talking = await open(server, mapId, { cookie: owner.cookie });
		if (silent.status !== 'open' || talking.status !== 'open') throw new Error('could not connect');
		opened.push(silent.ws, talking.ws);
		let talkingClosed = false;
		talking.ws.on('close', () => (talkingClosed = true));
		// A query-awareness message (type 3), as a client's periodic presence renewal would be.
		const keepTalking = setInterval(() => talking.ws.send(new Uint8Array([3])), 300);
		const code = await new Promise<number>((resolve) => silent.ws.on('close', (closeCode) => resolve(closeCode)));
		clearInterval(keepTalking);
		expect(code).toBe(CLOSE.idle);
		expect(talkingClosed).toBe(false);
	});
});
