/**
 * Live collaboration over the real server: stock y-websocket clients on real sockets, a real
 * SQLite file, converging to one document.
 */
import fc from 'fast-check';
import { applyRandomEdit, randomEdit } from './random-edits.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, createMaps, sameState, startServer, tempDataDir, waitFor, type ServerProcess, type TestClient } from './harness.ts';

/** Session cookie of an account allowed to edit the test maps. */
let cookie = '';

let server: ServerProcess;
const data = tempDataDir();
const clients: TestClient[] = [];

beforeAll(async () => {
	cookie = await createMaps(data.dir, ['two', 'fuzz', 'presence']);
	server = await startServer(data.dir);
});

afterAll(async () => {
	for (const client of clients) client.destroy();
	await server.stop();
	data.remove();
});

function client(mapId: string, actor: string): TestClient {
	const c = connectClient(server.wsUrl, mapId, actor, { cookie });
	clients.push(c);
	return c;
}

describe('two clients on one map', () => {
	it('see each other’s additions, moves and deletions', async () => {
		const a = client('two', 'ana');
		const b = client('two', 'beto');
		await Promise.all([a.synced(), b.synced()]);
		const id = a.map.addAgent({ name: 'Universidad', position: [-74.08, 4.63], sector: 'academia' });
		await waitFor(() => b.map.agent(id)?.name === 'Universidad', 'B sees A’s agent');
		b.map.moveAgent(id, [-74.1, 4.7]);
		await waitFor(() => a.map.agent(id)?.position[1] === 4.7, 'A sees B’s move');
		const other = b.map.addAgent({ name: 'Empresa', position: [-74.05, 4.66] });
		await waitFor(() => a.map.agent(other) !== null, 'A sees B’s agent');
		a.map.addLink({ from: id, to: other, kind: 'funding' });
		await waitFor(() => b.map.links().length === 1, 'B sees A’s link');
		b.map.deleteAgent(other);
		await waitFor(() => a.map.links().length === 0 && a.map.agent(other) === null, 'A sees the deletion and its link go');
		expect(sameState(a.doc, b.doc)).toBe(true);
	});

	it('shares presence: each client sees the other’s name and pointer', async () => {
		const a = client('presence', 'ana');
		const b = client('presence', 'beto');
		await Promise.all([a.synced(), b.synced()]);
		a.provider.awareness.setLocalStateField('user', { name: 'Ana', pointer: [-74.1, 4.6] });
		const anaSeenByB = () => b.provider.awareness.getStates().get(a.doc.clientID)?.user;
		await waitFor(() => anaSeenByB()?.pointer !== undefined, 'B sees Ana’s presence');
		// The name is the account's (this test's clients share the account "tester").
		expect(anaSeenByB()).toMatchObject({ name: 'tester', pointer: [-74.1, 4.6] });
		a.destroy();
		clients.splice(clients.indexOf(a), 1);
		await waitFor(() => anaSeenByB() === undefined, 'Ana’s presence disappears when she leaves');
	});
});

describe('random concurrent edits', () => {
	it('three clients making random concurrent edits converge to identical documents', async () => {
		const trio = [client('fuzz', 'a'), client('fuzz', 'b'), client('fuzz', 'c')];
		await Promise.all(trio.map((c) => c.synced()));
		const seedAgent = trio[0].map.addAgent({ name: 'seed', position: [-74, 4.6], id: 'seed' });
		await waitFor(() => trio.every((c) => c.map.agent(seedAgent) !== null), 'seed agent everywhere');

		const edit = randomEdit(3);
		await fc.assert(
			fc.asyncProperty(fc.array(edit, { minLength: 5, maxLength: 40 }), async (edits) => {
				for (const e of edits) applyRandomEdit(trio[e.who].map, e, seedAgent);
				await waitFor(
					() => sameState(trio[0].doc, trio[1].doc) && sameState(trio[1].doc, trio[2].doc),
					'all three documents identical'
				);
				const byId = (c: TestClient) => c.map.agents().sort((x, y) => (x.id < y.id ? -1 : 1));
				expect(byId(trio[0])).toEqual(byId(trio[2]));
			}),
			{ numRuns: 15 }
		);
	});
});
