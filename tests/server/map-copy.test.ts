/**
 * Issue 23, item 4: the demo map is read-only for accounts that are not its members (DEMO_ROLE
 * defaults to viewer), and anyone signed in who can read a map may make a copy of it to edit
 * (POST /api/maps/:id/copy). Real server process, real sockets, the seeded demo map.
 */
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { encodeUpdateMessage } from '../../server/collab/protocol.ts';
import { DEMO_MAP_ID } from '../../server/demo/seed-demo.ts';
import { MapDocument } from '../../src/lib/model/map-document.ts';
import { Client } from './http-client.ts';
import { canonical, connectClient, createAccount, setMember, startServer, tempDataDir, waitFor, type ServerProcess } from './harness.ts';

const data = tempDataDir();
let server: ServerProcess;
let owner: Client;

beforeAll(async () => {
	server = await startServer(data.dir, { SEED_DEMO: '1', MAPS_PER_ACCOUNT: '2' });
	const account = await createAccount(data.dir, 'Dueña');
	await setMember(data.dir, DEMO_MAP_ID, account.userId, 'owner');
	owner = new Client(server.url, account.cookie);
}, 30_000);

afterAll(async () => {
	await server.stop();
	data.remove();
});

/** The map as a stock client of `cookie` receives it, then disconnected. */
async function contents(mapId: string, cookie: string): Promise<{ json: string; names: string[] }> {
	const client = connectClient(server.wsUrl, mapId, 'reader', { cookie });
	try {
		await client.synced();
		return { json: canonical(client.doc), names: client.map.agents().map((agent) => agent.name) };
	} finally {
		client.destroy();
	}
}

/** A y-protocol sync step 1 asking for everything: its answer comes after what was sent before it. */
function askForAll(): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 0);
	encoding.writeVarUint(e, 0);
	encoding.writeVarUint8Array(e, Y.encodeStateVector(new Y.Doc()));
	return encoding.toUint8Array(e);
}

describe('the demo map with the default DEMO_ROLE', () => {
	// Before: every account opened the demo as editor.
	it('a fresh account opens the demo as a viewer that cannot write', async () => {
		const fresh = new Client(server.url);
		await fresh.signUp('Visita');
		const reply = await fresh.get(`/api/maps/${DEMO_MAP_ID}`);
		expect(reply.status).toBe(200);
		expect(reply.body).toMatchObject({ role: 'viewer', canWrite: false, via: 'open' });
	});

	// Before: the demo's open role was editor, so the raw update was stored and sent to everyone.
	it('a raw y-websocket write from an account that is not a member is not stored nor sent', async () => {
		const intruder = new Client(server.url);
		await intruder.signUp('Intrusa');
		const watcher = connectClient(server.wsUrl, DEMO_MAP_ID, 'watcher', { cookie: intruder.cookie });
		await watcher.synced();
		const before = canonical(watcher.doc);

		const forged = new MapDocument(new Y.Doc(), 'intrusa');
		forged.addAgent({ name: 'Intrusa S.A.', position: [-74.08, 4.6] });
		const ws = new WebSocket(`${server.wsUrl}/${DEMO_MAP_ID}`, { headers: { cookie: intruder.cookie } });
		ws.on('error', () => {});
		await new Promise((opened) => ws.once('open', opened));
		const answered = new Promise((done) => ws.on('message', (bytes: Buffer) => bytes[0] === 0 && bytes[1] === 1 && done(null)));
		ws.send(encodeUpdateMessage(Y.encodeStateAsUpdate(forged.doc)));
		ws.send(askForAll());
		await answered;
		ws.close();

		// The owner's edit, made after the server answered the intruder, reaches the watcher;
		// the intruder's, sent before it, would have come first.
		const ownerClient = connectClient(server.wsUrl, DEMO_MAP_ID, 'dueña', { cookie: owner.cookie });
		await ownerClient.synced();
		ownerClient.map.addAgent({ name: 'Del equipo', position: [-74.07, 4.61] });
		await waitFor(() => watcher.map.agents().some((agent) => agent.name === 'Del equipo'), 'the owner’s edit arrives');
		expect(watcher.map.agents().map((agent) => agent.name)).not.toContain('Intrusa S.A.');
		expect((await contents(DEMO_MAP_ID, intruder.cookie)).names).not.toContain('Intrusa S.A.');
		expect(canonical(watcher.doc)).not.toBe(before);
		watcher.destroy();
		ownerClient.destroy();
	}, 30_000);
});

describe('make a copy to edit', () => {
	// Before: there was no such route (404).
	it('copies the demo into a map the copier owns, with the same content, and leaves the demo unchanged', async () => {
		const reader = new Client(server.url);
		await reader.signUp('Lectora');
		await owner.post(`/api/maps/${DEMO_MAP_ID}/shares`, {});
		const demo = await contents(DEMO_MAP_ID, reader.cookie);
		expect(demo.names.length).toBeGreaterThan(100);

		const copied = await reader.post(`/api/maps/${DEMO_MAP_ID}/copy`, { name: 'Mi copia' });
		expect(copied.status).toBe(201);
		const copy = copied.body.map as { id: string; name: string; role: string };
		expect(copy).toMatchObject({ name: 'Mi copia', role: 'owner' });
		expect((await reader.get(`/api/maps/${copy.id}`)).body).toMatchObject({ name: 'Mi copia', role: 'owner', canWrite: true, via: 'member' });
		expect((await contents(copy.id, reader.cookie)).json).toBe(demo.json);

		// Only the copier is a member; the demo's share link and its owner did not come along.
		const members = (await reader.get(`/api/maps/${copy.id}/members`)).body.members as { role: string }[];
		expect(members.map((m) => m.role)).toEqual(['owner']);
		expect((await reader.get(`/api/maps/${copy.id}/shares`)).body.shares).toEqual([]);
		expect((await owner.get(`/api/maps/${copy.id}`)).status).toBe(403);

		// An edit of the copy stays in the copy.
		const editor = connectClient(server.wsUrl, copy.id, 'lectora', { cookie: reader.cookie });
		await editor.synced();
		editor.map.addAgent({ name: 'Solo en la copia', position: [-74.1, 4.65] });
		await waitFor(() => editor.provider.wsconnected, 'connected');
		const copyAfter = connectClient(server.wsUrl, copy.id, 'check', { cookie: reader.cookie });
		await copyAfter.synced();
		await waitFor(() => copyAfter.map.agents().some((a) => a.name === 'Solo en la copia'), 'the copy’s edit is stored');
		copyAfter.destroy();
		editor.destroy();
		expect((await contents(DEMO_MAP_ID, reader.cookie)).json).toBe(demo.json);
	}, 30_000);

	it('a share link or an account without access cannot copy; a signed-out caller is asked to sign in', async () => {
		const made = await owner.post('/api/maps', { name: 'Privado' });
		const mapId = (made.body.map as { id: string }).id;
		const share = await owner.post(`/api/maps/${mapId}/shares`, {});
		const partner = new Client(server.url);
		partner.share = String(share.body.token);
		expect((await partner.get(`/api/maps/${mapId}`)).status).toBe(200);
		expect((await partner.post(`/api/maps/${mapId}/copy`)).status).toBe(401);

		const outsider = new Client(server.url);
		await outsider.signUp('Ajena');
		const refused = await outsider.post(`/api/maps/${mapId}/copy`);
		expect(refused.status).toBe(403);
		outsider.share = partner.share;
		const viaShare = await outsider.post(`/api/maps/${mapId}/copy`);
		expect(viaShare.status).toBe(403);
		expect(String(viaShare.body.error)).toMatch(/share link/i);
		expect(((await outsider.get('/api/maps')).body.maps as { id: string }[]).map((m) => m.id)).toEqual([DEMO_MAP_ID]);
	}, 30_000);

	it('counts against the per-account limit on new maps (MAPS_PER_ACCOUNT), with a clear refusal', async () => {
		const copier = new Client(server.url);
		await copier.signUp('Copiona');
		const first = await copier.request('POST', `/api/maps/${DEMO_MAP_ID}/copy`);
		expect(first.status).toBe(201);
		// Without a name, the copy is named after its source.
		expect((first.body.map as { name: string }).name).toMatch(/^Copy of Bogotá Región/);
		expect((await copier.post(`/api/maps/${DEMO_MAP_ID}/copy`, { name: 'Segunda' })).status).toBe(201);
		const third = await copier.post(`/api/maps/${DEMO_MAP_ID}/copy`, { name: 'Tercera' });
		expect(third.status).toBe(429);
		expect(String(third.body.error)).toMatch(/Too many new maps/);
		// Copies and new maps share the limit.
		expect((await copier.post('/api/maps', { name: 'Cuarta' })).status).toBe(429);
	}, 30_000);
});
