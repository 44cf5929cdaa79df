/**
 * The activity feed and an agent's versions, from the stored update log: two people edit one
 * map over real websockets, and the feed names who did what; a restore of an earlier version
 * of one agent brings its fields back without touching later edits to another agent, and is
 * itself an undoable edit. Real server process, real database file, stock y-websocket clients.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toAgentVersion } from '../../src/lib/history/versions.ts';
import type { Client } from './http-client.ts';
import { connectClient, mapWithTwoPeople, startServer, tempDataDir, waitFor, type ServerProcess, type TestClient } from './harness.ts';

interface FeedItem {
	seq: number;
	at: number;
	from: number;
	updates: number;
	actor: { kind: string; name: string };
	entityCount: number;
	entities: { collection: string; id: string; action: string; name: string; fields: string[] }[];
}

let server: ServerProcess;
const data = tempDataDir();
const sockets: TestClient[] = [];
let people: Awaited<ReturnType<typeof mapWithTwoPeople>>;
let ana: TestClient;
let beto: TestClient;

beforeAll(async () => {
	// Compact after every few updates, so the feed has to read through compacted history.
	server = await startServer(data.dir, { COMPACT_EVERY: '3' });
	people = await mapWithTwoPeople(server.url);
	ana = connectClient(server.wsUrl, people.mapId, 'Ana', { cookie: people.owner.cookie });
	beto = connectClient(server.wsUrl, people.mapId, 'Beto', { cookie: people.editor.cookie });
	sockets.push(ana, beto);
	await Promise.all([ana.synced(), beto.synced()]);
});

afterAll(async () => {
	for (const socket of sockets) socket.destroy();
	await server.stop();
	data.remove();
});

async function feed(client: Client, query = ''): Promise<{ items: FeedItem[]; next: number | null }> {
	const reply = await client.get(`/api/maps/${people.mapId}/activity${query}`);
	expect(reply.status, JSON.stringify(reply.body)).toBe(200);
	return reply.body as unknown as { items: FeedItem[]; next: number | null };
}

/** Resolves once both replicas agree on `check` (so the edit was stored: rooms store before they relay). */
const seenByBoth = (check: (client: TestClient) => boolean, what: string) => waitFor(() => check(ana) && check(beto), what);

describe('activity feed', () => {
	it('names the right person for each edit made over the websocket', async () => {
		const museum = ana.map.addAgent({ name: 'Museo', position: [-74.07, 4.6], sector: 'civil-society' });
		await seenByBoth((c) => c.map.agent(museum) !== null, 'the museum reaches Beto');
		beto.map.updateAgent(museum, { name: 'Museo de Ciencia', contact: 'info@museo.example' });
		const lab = beto.map.addAgent({ name: 'Laboratorio', position: [-74.1, 4.65], sector: 'research' });
		await seenByBoth((c) => c.map.agent(lab) !== null && c.map.agent(museum)?.name === 'Museo de Ciencia', 'Beto’s edits reach Ana');
		const link = ana.map.addLink({ from: museum, to: lab, kind: 'partnership' });
		await seenByBoth((c) => c.map.link(link) !== null, 'the link reaches Beto');
		beto.map.deleteLink(link);
		await seenByBoth((c) => c.map.link(link) === null, 'the deletion reaches Ana');

		const { items } = await feed(people.editor);
		const about = (collection: string, id: string) =>
			items.flatMap((item) => item.entities.filter((e) => e.collection === collection && e.id === id).map((e) => ({ ...e, who: item.actor.name })));
		expect(about('agents', museum)).toEqual([
			{ collection: 'agents', id: museum, action: 'changed', name: 'Museo de Ciencia', fields: ['contact', 'name'], who: 'Beto' },
			{ collection: 'agents', id: museum, action: 'added', name: 'Museo', fields: [], who: 'Ana' }
		]);
		expect(about('agents', lab)).toEqual([expect.objectContaining({ action: 'added', name: 'Laboratorio', who: 'Beto' })]);
		expect(about('links', link)).toEqual([
			expect.objectContaining({ action: 'deleted', name: 'Museo de Ciencia — Laboratorio', who: 'Beto' }),
			expect.objectContaining({ action: 'added', name: 'Museo de Ciencia — Laboratorio', who: 'Ana' })
		]);
		expect(items.every((item) => item.actor.kind === 'user')).toBe(true);
		expect(items.map((item) => item.seq)).toEqual([...items.map((item) => item.seq)].sort((a, b) => b - a));
	});

	it('pages through the feed and refuses share links and outsiders', async () => {
		const first = await feed(people.owner, '?limit=2');
		expect(first.items).toHaveLength(2);
		const second = await feed(people.owner, `?limit=2&before=${first.next}`);
		expect(second.items[0].seq).toBeLessThan(first.items[1].seq);
		expect((await people.partner.get(`/api/maps/${people.mapId}/activity`)).status).toBe(403);
		expect((await people.outsider.get(`/api/maps/${people.mapId}/activity`)).status).toBe(403);
		expect((await people.partner.get(`/api/maps/${people.mapId}/agents/x/versions`)).status).toBe(403);
	});
});

describe('gestures in the feed', () => {
	// Before the feed joined gestures, these 16 updates were 16 entries.
	it('shows one drag (many position updates) as one entry, and the next drag by someone else as another', async () => {
		const kiosk = ana.map.addAgent({ name: 'Quiosco', position: [-74.08, 4.6] });
		await seenByBoth((c) => c.map.agent(kiosk) !== null, 'the kiosk reaches Beto');
		for (let step = 1; step <= 16; step++) ana.map.moveAgent(kiosk, [-74.08 + step * 0.001, 4.6]);
		await seenByBoth((c) => c.map.agent(kiosk)?.position[0] === -74.064, 'Ana’s drag reaches Beto');
		for (let step = 1; step <= 3; step++) beto.map.moveAgent(kiosk, [-74.064, 4.6 + step * 0.001]);
		await seenByBoth((c) => c.map.agent(kiosk)?.position[1] === 4.603, 'Beto’s drag reaches Ana');

		const { items } = await feed(people.owner, '?limit=3');
		expect(items.map((item) => [item.actor.name, item.updates, item.entities])).toEqual([
			['Beto', 3, [{ collection: 'agents', id: kiosk, action: 'changed', name: 'Quiosco', fields: ['position'] }]],
			['Ana', 16, [{ collection: 'agents', id: kiosk, action: 'changed', name: 'Quiosco', fields: ['position'] }]],
			['Ana', 1, [expect.objectContaining({ id: kiosk, action: 'added' })]]
		]);
		expect(items[1].from).toBeLessThanOrEqual(items[1].at);
		// A page that ends with the drag goes on after the whole drag: nothing of it again.
		const newer = await feed(people.owner, '?limit=2');
		const older = await feed(people.owner, `?limit=3&before=${newer.next}`);
		expect(older.items[0]).toMatchObject({ updates: 1, entities: [expect.objectContaining({ id: kiosk, action: 'added' })] });
	});
});

describe('restoring an earlier version of an agent', () => {
	it('brings back its fields, leaves a later edit to another agent alone, and can be undone', async () => {
		const centre = ana.map.addAgent({ name: 'Centro', position: [-74.05, 4.62], sector: 'research', contact: 'old@centro.example' });
		const other = ana.map.addAgent({ name: 'Otro', position: [-74.06, 4.63] });
		await seenByBoth((c) => c.map.agent(centre) !== null && c.map.agent(other) !== null, 'both agents reach Beto');
		beto.map.updateAgent(centre, { name: 'Centro (renombrado)', contact: 'new@centro.example', sector: 'public' });
		beto.map.setMembers(centre, 'tags', ['cambiado']);
		await seenByBoth((c) => c.map.agent(centre)?.name === 'Centro (renombrado)' && c.map.agent(centre)!.tags.length === 1, 'Beto’s edit reaches Ana');
		beto.map.updateAgent(other, { name: 'Otro (editado después)' });
		await seenByBoth((c) => c.map.agent(other)?.name === 'Otro (editado después)', 'the later edit reaches Ana');

		const reply = await people.owner.get(`/api/maps/${people.mapId}/agents/${centre}/versions`);
		expect(reply.status).toBe(200);
		const versions = reply.body.versions as { action: string; actor: { name: string }; value: unknown }[];
		expect(versions.map((v) => [v.action, v.actor.name])).toEqual([
			['changed', 'Beto'],
			['changed', 'Beto'],
			['added', 'Ana']
		]);
		const original = toAgentVersion(versions.at(-1)!.value);
		expect(original).toMatchObject({ name: 'Centro', contact: 'old@centro.example', sector: 'research', tags: [] });

		const undo = ana.map.createUndoManager();
		ana.map.restoreAgent(centre, original!);
		await waitFor(() => beto.map.agent(centre)?.name === 'Centro', 'the restore reaches Beto');
		expect(beto.map.agent(centre)).toMatchObject({ contact: 'old@centro.example', sector: 'research', tags: [] });
		expect(beto.map.agent(other)?.name).toBe('Otro (editado después)');

		const { items } = await feed(people.owner, '?limit=1');
		expect(items[0]).toMatchObject({ actor: { name: 'Ana' }, entities: [expect.objectContaining({ id: centre, action: 'changed' })] });
		expect(items[0].entities[0].fields).toEqual(['contact', 'name', 'sector', 'tags']);

		undo.undo();
		await waitFor(() => beto.map.agent(centre)?.name === 'Centro (renombrado)', 'the undo reaches Beto');
		expect(beto.map.agent(other)?.name).toBe('Otro (editado después)');
		undo.destroy();
	});

	it('survives a restart: later edits join the feed after what compaction kept', async () => {
		const before = (await feed(people.owner, '?limit=100')).items;
		for (const socket of sockets.splice(0)) socket.destroy();
		await server.stop();
		server = await startServer(data.dir, { COMPACT_EVERY: '3' });
		const { Client } = await import('./http-client.ts');
		const owner = new Client(server.url, people.owner.cookie);
		const again = connectClient(server.wsUrl, people.mapId, 'Ana', { cookie: people.owner.cookie });
		sockets.push(again);
		await again.synced();
		const late = again.map.addAgent({ name: 'Después del reinicio', position: [-74, 4.6] });
		const listed = async () => ((await owner.get(`/api/maps/${people.mapId}/activity?limit=100`)).body.items ?? []) as FeedItem[];
		const found = () => listed().then((items) => items.some((item) => item.entities.some((e) => e.id === late)));
		for (let i = 0; i < 100 && !(await found()); i++) await new Promise((r) => setTimeout(r, 50));
		const after = await listed();
		expect(after).toHaveLength(before.length + 1);
		expect(after.slice(1)).toEqual(before);
		expect(after[0]).toMatchObject({ actor: { name: 'Ana' }, entities: [expect.objectContaining({ id: late, action: 'added' })] });
	});
});
