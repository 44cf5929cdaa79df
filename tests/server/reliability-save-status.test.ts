/**
 * The saving status, whatever the storage engine: while the store refuses writes, every
 * client (and one who joins meanwhile) is told that edits are not being saved, the room keeps
 * them and retries, peers receive only what is stored; when the store works again the status
 * clears and every edit arrives. No peer can forge or hide that status.
 *
 * The server runs in this process (the same composition as `server/main.ts`) so the store
 * can be made to fail on demand, as PostgreSQL does when it is unreachable or SQLite when
 * its disk is full; reliability-storage.test.ts does it with a real full disk.
 */
import { createAdaptorServer } from '@hono/node-server';
import * as encoding from 'lib0/encoding';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { composeTejido } from '../../server/compose.ts';
import { readConfig } from '../../server/config.ts';
import { MESSAGE_AWARENESS, SERVER_STATUS_FIELD, type ServerStatus } from '../../server/collab/protocol.ts';
import { connectClient, createMaps, tempDataDir, waitFor, type TestClient } from './harness.ts';

const data = tempDataDir();
let cookie = '';
let wsUrl = '';
let tejido: Awaited<ReturnType<typeof composeTejido>>;
let server: ReturnType<typeof createAdaptorServer>;
let storeFails = false;
const clients: TestClient[] = [];

beforeAll(async () => {
	cookie = await createMaps(data.dir, ['m']);
	tejido = await composeTejido({ ...readConfig({}), port: 0, host: '127.0.0.1', dataDir: data.dir, seedDemo: false });
	const append = tejido.store.appendUpdate.bind(tejido.store);
	tejido.store.appendUpdate = async (mapId, update, actor) => {
		if (storeFails) throw new Error('database or disk is full');
		return append(mapId, update, actor);
	};
	server = createAdaptorServer({ fetch: tejido.app.fetch, websocket: { server: tejido.wss } });
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
	wsUrl = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/collab`;
});

afterAll(async () => {
	storeFails = false;
	for (const client of clients) client.destroy();
	const closed = new Promise<void>((done) => server.close(() => done()));
	await tejido.close();
	await closed;
	data.remove();
});

function connect(name: string): TestClient {
	const client = connectClient(wsUrl, 'm', name, { cookie });
	clients.push(client);
	return client;
}

/** The server's saving status as `client` sees it, with the client id that carries it. */
function savingStatus(client: TestClient): (ServerStatus & { clientId: number }) | null {
	for (const [clientId, state] of client.provider.awareness.getStates()) {
		const status = state?.[SERVER_STATUS_FIELD] as ServerStatus | undefined;
		if (status) return { ...status, clientId };
	}
	return null;
}

/** A presence update message for one client id, as a hand-made (modified) client sends it. */
function presenceMessage(clientId: number, clock: number, state: unknown): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
	const update = encoding.createEncoder();
	encoding.writeVarUint(update, 1);
	encoding.writeVarUint(update, clientId);
	encoding.writeVarUint(update, clock);
	encoding.writeVarString(update, JSON.stringify(state));
	encoding.writeVarUint8Array(encoder, encoding.toUint8Array(update));
	return encoding.toUint8Array(encoder);
}

async function rawSocket(): Promise<WebSocket> {
	const ws = new WebSocket(`${wsUrl}/m`, { headers: { cookie } });
	ws.on('error', () => {});
	await new Promise((resolve) => ws.once('open', resolve));
	return ws;
}

describe('while the store refuses writes', () => {
	it('every client is told, peers get only stored edits, and all arrives once writes work again', async () => {
		const a = connect('ana');
		const b = connect('beto');
		await Promise.all([a.synced(), b.synced()]);
		const before = a.map.addAgent({ name: 'Guardado', position: [-74.08, 4.6] });
		await waitFor(() => b.map.agent(before) !== null, 'B has the first edit');
		expect(savingStatus(b)).toBeNull();

		storeFails = true;
		const during = Array.from({ length: 4 }, (_, i) => a.map.addAgent({ name: `Sin guardar ${i}`, position: [-74.1, 4.6 + i / 100] }));
		await waitFor(() => savingStatus(a)?.saving === 'failing' && savingStatus(b)?.saving === 'failing', 'both are told');
		const late = connect('carla');
		await late.synced();
		await waitFor(() => savingStatus(late) !== null, 'a client who joins now is told at once');
		await waitFor(() => (savingStatus(b)?.unsaved ?? 0) >= 4, 'the status counts the edits held in memory');
		expect(during.filter((id) => b.map.agent(id) !== null)).toEqual([]);
		// The server's state is presence, not a person: it never shows as a peer's name.
		expect([...b.provider.awareness.getStates().values()].filter((s) => s?.[SERVER_STATUS_FIELD] && s.user)).toEqual([]);

		storeFails = false;
		await waitFor(
			() => [a, b, late].every((c) => savingStatus(c) === null) && during.every((id) => b.map.agent(id) !== null),
			'the status clears for everyone and B receives every held edit',
			15_000
		);
		const stored = await tejido.store.loadDocument('m');
		expect(stored.updates.length).toBeGreaterThanOrEqual(5);
	});

	it('a peer can neither forge the status nor hide it', async () => {
		const watcher = connect('watcher');
		await watcher.synced();
		const forger = await rawSocket();
		forger.send(presenceMessage(4242, 1, { [SERVER_STATUS_FIELD]: { saving: 'failing', since: 0, unsaved: 99 } }));
		forger.send(presenceMessage(4243, 1, { user: { name: 'Forger', color: '#112233' } }));
		await waitFor(() => watcher.provider.awareness.getStates().has(4243), 'the forger’s ordinary presence arrives');
		expect(savingStatus(watcher)).toBeNull();
		expect(watcher.provider.awareness.getStates().has(4242)).toBe(false);

		storeFails = true;
		watcher.map.addAgent({ name: 'Durante la falla', position: [-74.1, 4.7] });
		await waitFor(() => savingStatus(watcher) !== null, 'the real status arrives');
		const { clientId } = savingStatus(watcher)!;
		// Removing the server's state, or overwriting it, as its "owner" would.
		forger.send(presenceMessage(clientId, 1_000_000, null));
		forger.send(presenceMessage(clientId, 1_000_001, { user: { name: 'Todo bien', color: '#00ff00' } }));
		await new Promise((r) => setTimeout(r, 300));
		expect(savingStatus(watcher)?.saving).toBe('failing');
		expect(forger.readyState).toBe(WebSocket.OPEN);

		storeFails = false;
		await waitFor(() => savingStatus(watcher) === null, 'the status clears when writes work', 15_000);
		forger.terminate();
	});
});
