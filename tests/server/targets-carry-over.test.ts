/**
 * Maps made before targets moved to the server's database keep theirs in the document. The
 * server carries them over once (at start, or on the first read), and from then on reads only
 * its own: a target an owner deletes does not come back, on a later read or after a restart,
 * and a target written into the document afterwards shows nowhere.
 */
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLegacyTarget } from '../../src/lib/model/legacy-targets.ts';
import { readLegacyTargets } from '../../src/lib/model/index.ts';
import { Client } from './http-client.ts';
import { connectClient, mapWithTwoPeople, startServer, tempDataDir, waitFor, type ServerProcess } from './harness.ts';

const data = tempDataDir();
let server: ServerProcess;
let people: Awaited<ReturnType<typeof mapWithTwoPeople>>;
let otherMap: string;
const LEGACY = { label: 'Meta de antes', kinds: ['agreement' as const], goal: 12, from: '2025-01-01', until: '2027-06-30' };

/** Writes a target into a map's document as an older Tejido did, and waits until it is stored. */
async function writeIntoDocument(mapId: string, label: string): Promise<string> {
	const client = connectClient(server.wsUrl, mapId, 'Ana', { cookie: people.owner.cookie });
	await client.synced();
	const id = writeLegacyTarget(client.doc, { ...LEGACY, label });
	const check = connectClient(server.wsUrl, mapId, 'Ana', { cookie: people.owner.cookie });
	await check.synced();
	await waitFor(() => readLegacyTargets(check.doc).some((target) => target.id === id), 'the target is stored');
	check.destroy();
	client.destroy();
	return id;
}

/** What the schema upgrade does to every map that existed before it. */
function markMadeBefore(mapId: string): void {
	const db = new DatabaseSync(join(data.dir, 'tejido.db'));
	try {
		db.prepare('UPDATE maps SET document_targets_pending = 1 WHERE id = ?').run(mapId);
	} finally {
		db.close();
	}
}

const targetsOf = async (mapId: string) => {
	// The owner's session, at whichever port the server now listens on.
	const reply = await new Client(server.url, people.owner.cookie).get(`/api/maps/${mapId}/targets`);
	expect(reply.status).toBe(200);
	return reply.body.targets as { id: string; label: string }[];
};

beforeAll(async () => {
	server = await startServer(data.dir);
	people = await mapWithTwoPeople(server.url);
	otherMap = ((await people.owner.post('/api/maps', { name: 'Otro' })).body.map as { id: string }).id;
});
afterAll(async () => {
	await server?.stop();
	data.remove();
});

describe('carrying targets over from the document', () => {
	let carried: string;

	it('a map made before serves its document’s targets from the database, on the first read', async () => {
		carried = await writeIntoDocument(people.mapId, 'Meta de antes');
		expect(await targetsOf(people.mapId)).toEqual([]);
		markMadeBefore(people.mapId);
		expect(await targetsOf(people.mapId)).toEqual([{ id: carried, ...LEGACY }]);
		expect((await people.owner.request('PUT', `/api/maps/${people.mapId}/publication`, { public: true })).status).toBe(200);
		const reply = await people.outsider.get(`/api/public/${people.mapId}/indicators`);
		expect((reply.body as { indicators: { targets: { label: string }[] } }).indicators.targets.map((t) => t.label)).toEqual(['Meta de antes']);
	});

	it('once carried over, the document’s targets are ignored: a deletion sticks, a new one shows nowhere', async () => {
		expect((await people.owner.delete(`/api/maps/${people.mapId}/targets/${carried}`)).status).toBe(200);
		await writeIntoDocument(people.mapId, 'Escrita después');
		expect(await targetsOf(people.mapId)).toEqual([]);
	});

	it('the server carries a waiting map over when it starts, and a restart brings nothing back', async () => {
		await writeIntoDocument(otherMap, 'Meta del otro mapa');
		await server.stop();
		markMadeBefore(otherMap);
		server = await startServer(data.dir);
		// Carried over at start, before any request.
		expect(server.output()).toContain(`carried a map’s targets over from its document map="${otherMap}" targets=1`);
		expect((await targetsOf(otherMap)).map((target) => target.label)).toEqual(['Meta del otro mapa']);
		expect(await targetsOf(people.mapId)).toEqual([]);
	});
});
