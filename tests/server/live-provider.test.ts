/**
 * The page's own live connection (src/lib/collab/live-provider.ts) against the real server:
 * two of them co-edit and converge, presence comes and goes with them, a close that means
 * "come back" (4403, access changed) is followed by a reconnection that syncs again, and a
 * permanent one (4410, share link revoked) is not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { LiveProvider } from '../../src/lib/collab/live-provider.ts';
import { MapDocument } from '../../src/lib/model/index.ts';
import { mapWithTwoPeople, startServer, tempDataDir, waitFor, type ServerProcess } from './harness.ts';

let server: ServerProcess;
const data = tempDataDir();
let people: Awaited<ReturnType<typeof mapWithTwoPeople>>;
const providers: LiveProvider[] = [];

beforeAll(async () => {
	server = await startServer(data.dir);
	people = await mapWithTwoPeople(server.url);
});
afterAll(async () => {
	for (const provider of providers) provider.destroy();
	await server?.stop();
	data.remove();
});

/** A page's connection with this cookie (Node's sockets carry it as a header). */
function page(cookie: string, options: { share?: string; shouldReconnect?: (event: CloseEvent) => boolean } = {}) {
	class WithCookie extends WebSocket {
		constructor(url: string) {
			super(url, { headers: { cookie } });
		}
	}
	const doc = new Y.Doc();
	const provider = new LiveProvider(server.wsUrl, people.mapId, doc, {
		params: options.share ? { share: options.share } : {},
		shouldReconnect: options.shouldReconnect,
		maxBackoffMs: 300,
		WebSocket: WithCookie as unknown as typeof globalThis.WebSocket
	});
	providers.push(provider);
	provider.connect();
	return { provider, map: new MapDocument(doc, 'page') };
}

const synced = (provider: LiveProvider) => waitFor(() => provider.synced, 'the connection synced');

describe('the page’s live connection', () => {
	it('two pages co-edit one map and converge', async () => {
		const ana = page(people.owner.cookie);
		const beto = page(people.editor.cookie);
		await Promise.all([synced(ana.provider), synced(beto.provider)]);
		const a = ana.map.addAgent({ name: 'De Ana', position: [-74.08, 4.6] });
		const b = beto.map.addAgent({ name: 'De Beto', position: [-74.1, 4.65] });
		await waitFor(() => ana.map.agent(b) !== null && beto.map.agent(a) !== null, 'both agents everywhere');
		ana.map.updateAgent(b, { description: 'editado por Ana' });
		beto.map.updateAgent(b, { name: 'De Beto (editado)' });
		await waitFor(() => Y.equalSnapshots(Y.snapshot(ana.map.doc), Y.snapshot(beto.map.doc)), 'the same document');
		expect(ana.map.agent(b)).toMatchObject({ name: 'De Beto (editado)', description: 'editado por Ana' });
	});

	it('shows each page’s presence to the other, and takes it away when the page goes', async () => {
		const ana = page(people.owner.cookie);
		const beto = page(people.editor.cookie);
		await Promise.all([synced(ana.provider), synced(beto.provider)]);
		ana.provider.awareness.setLocalStateField('user', { name: 'Ana', color: '#123456' });
		const anaId = ana.provider.doc.clientID;
		await waitFor(() => beto.provider.awareness.getStates().has(anaId), 'Beto sees Ana');
		ana.provider.destroy();
		await waitFor(() => !beto.provider.awareness.getStates().has(anaId), 'Ana is gone for Beto');
	});

	it('comes back after a close that asks it to (4403), and syncs again', async () => {
		const beto = page(people.editor.cookie);
		await synced(beto.provider);
		const closes: number[] = [];
		beto.provider.on('connection-close', (event) => closes.push(event.code));
		// Archiving changes everyone's rights: the server closes every connection with 4403.
		expect((await people.owner.patch(`/api/maps/${people.mapId}`, { archived: true })).status).toBe(200);
		await waitFor(() => closes.includes(4403), 'closed with 4403');
		await synced(beto.provider);
		expect(beto.provider.wsconnected).toBe(true);
		await people.owner.patch(`/api/maps/${people.mapId}`, { archived: false });
	});

	it('stays closed after a permanent close (4410, share link revoked)', async () => {
		const share = await people.owner.post(`/api/maps/${people.mapId}/shares`, {});
		const partner = page('', { share: String(share.body.token), shouldReconnect: (event) => event.code !== 4410 });
		await synced(partner.provider);
		const statuses: string[] = [];
		partner.provider.on('status', ({ status }) => statuses.push(status));
		expect((await people.owner.delete(`/api/maps/${people.mapId}/shares/${share.body.id}`)).status).toBe(200);
		await waitFor(() => statuses.includes('disconnected'), 'closed');
		await new Promise((resolve) => setTimeout(resolve, 1000));
		expect(statuses).not.toContain('connecting');
		expect(partner.provider.ws).toBeNull();
	});
});
