/**
 * SIGKILL while 20 people edit one map. Every edit another client had seen (acknowledged) is
 * in the database the dead process left behind; the server restarts on the same port, the 20
 * stock clients reconnect by themselves, and all converge on one state holding every edit
 * any of them made, including those made while the server was down. Edits lost: 0.
 *
 * TEJIDO_LONG=1 edits for longer and kills the server three times.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { MapDocument } from '../../src/lib/model/index.ts';
import { canonical, cleanupAfterEach, connectClient, createMaps, startServer, tempDataDir, waitFor, type ServerProcess, type TestClient } from './harness.ts';

const LONG = process.env.TEJIDO_LONG === '1';
const CLIENTS = 20;
const KILLS = LONG ? 3 : 1;
/** Acknowledged edits to collect before each kill. */
const ACKS_BEFORE_KILL = LONG ? 1500 : 300;
const HUBS = ['hub0', 'hub1', 'hub2'];

const cleanups = cleanupAfterEach();

/** Who made an edit, from its token: agents `c<i>n<k>`, tags `t<i>n<k>`. */
function authorOf(token: string): number | null {
	const match = /^[ct](\d+)n\d+$/.exec(token);
	return match ? Number(match[1]) : null;
}

/** The edit tokens a document holds: agents created by clients, and tags on the hubs. */
function tokensIn(map: MapDocument): Set<string> {
	const tokens = new Set<string>();
	for (const agent of map.agents()) {
		if (authorOf(agent.id) !== null) tokens.add(agent.id);
		if (HUBS.includes(agent.id)) for (const tag of agent.tags) if (authorOf(tag) !== null) tokens.add(tag);
	}
	return tokens;
}

/** Reads what the database holds for `mapId`, with no server running. */
async function storedTokens(dataDir: string, mapId: string): Promise<Set<string>> {
	const store = new SqliteStore(join(dataDir, 'tejido.db'));
	const doc = new Y.Doc();
	try {
		const stored = await store.loadDocument(mapId);
		Y.transact(doc, () => {
			if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
			for (const { update } of stored.updates) Y.applyUpdate(doc, update);
		});
		return tokensIn(new MapDocument(doc));
	} finally {
		doc.destroy();
		await store.close();
	}
}

describe('SIGKILL while 20 clients edit one map', () => {
	it('keeps every acknowledged edit; clients reconnect by themselves and converge with nothing lost', async () => {
		const data = tempDataDir();
		cleanups.push(data.remove);
		const cookie = await createMaps(data.dir, ['m']);
		// Frequent compaction, so kills also land during or between compactions.
		// All the clients share one account: its limit of 20 connections per map is lifted.
		const env = { COMPACT_EVERY: '40', MAX_CONNECTIONS_PER_ACCOUNT: '100' };
		let server: ServerProcess = await startServer(data.dir, env);
		const port = new URL(server.url).port;
		let running = true;
		cleanups.push(() => (running ? server.stop() : undefined));

		const clients: TestClient[] = Array.from({ length: CLIENTS }, (_, i) => connectClient(server.wsUrl, 'm', `c${i}`, { cookie }));
		cleanups.push(() => clients.forEach((client) => client.destroy()));
		await Promise.all(clients.map((client) => client.synced()));
		for (const hub of HUBS) clients[0].map.addAgent({ id: hub, name: `Nodo ${hub}`, position: [-74.08, 4.6] });
		await waitFor(() => clients.every((c) => HUBS.every((hub) => c.map.agent(hub))), 'every client has the hubs');

		// An edit is acknowledged once a client other than its author has it.
		const acknowledged = new Set<string>();
		clients.forEach((client, me) =>
			client.map.observe((changes) => {
				for (const id of changes.agents ?? []) {
					const author = authorOf(id);
					if (author !== null && author !== me && client.map.agent(id)) acknowledged.add(id);
					if (!HUBS.includes(id)) continue;
					for (const tag of client.map.agent(id)?.tags ?? []) {
						const tagAuthor = authorOf(tag);
						if (tagAuthor !== null && tagAuthor !== me) acknowledged.add(tag);
					}
				}
			})
		);

		// Every client edits at its own pace (every 40–120 ms): adds an agent, tags a hub, or
		// moves one of its agents; it carries on while the server is down (offline edits).
		const made = new Set<string>();
		let editing = true;
		const editors = clients.map(async (client, me) => {
			let n = 0;
			const mine: string[] = [];
			while (editing) {
				const choice = n % 3;
				if (choice === 0 || mine.length === 0) {
					const id = `c${me}n${n}`;
					client.map.addAgent({ id, name: `Agente ${me}-${n}`, position: [-74.2 + me / 100, 4.5 + (n % 50) / 500] });
					mine.push(id);
					made.add(id);
				} else if (choice === 1) {
					const tag = `t${me}n${n}`;
					client.map.setMember(HUBS[n % HUBS.length], 'tags', tag, true);
					made.add(tag);
				} else {
					client.map.moveAgent(mine[n % mine.length], [-74.1 - me / 100, 4.6 + (n % 30) / 300]);
				}
				n++;
				await new Promise((r) => setTimeout(r, 40 + Math.random() * 80));
			}
		});

		let ackedAtKills = 0;
		for (let kill = 0; kill < KILLS; kill++) {
			const target = acknowledged.size + ACKS_BEFORE_KILL;
			await waitFor(() => acknowledged.size >= target, `${ACKS_BEFORE_KILL} more edits acknowledged`, 60_000);
			await server.kill();
			running = false;
			// Everything acknowledged so far came from the dead process (it broadcasts only what
			// it stored), so the database it left must hold all of it.
			await new Promise((r) => setTimeout(r, 300));
			const acked = new Set(acknowledged);
			const stored = await storedTokens(data.dir, 'm');
			expect([...acked].filter((token) => !stored.has(token))).toEqual([]);
			ackedAtKills = acked.size;

			// Same port: the clients find the server again on their own.
			server = await startServer(data.dir, { ...env, PORT: port });
			running = true;
			await waitFor(() => clients.every((c) => c.provider.wsconnected && c.provider.synced), 'all 20 clients reconnect', 30_000);
		}

		await new Promise((r) => setTimeout(r, 1000));
		editing = false;
		await Promise.all(editors);
		await waitFor(() => clients.every((c) => canonical(c.doc) === canonical(clients[0].doc)), 'all 20 clients converge', 30_000);

		const fresh = connectClient(server.wsUrl, 'm', 'fresh', { cookie });
		cleanups.push(() => fresh.destroy());
		await fresh.synced();
		await waitFor(() => canonical(fresh.doc) === canonical(clients[0].doc), 'a new client gets the same state');
		const final = tokensIn(fresh.map);
		const lost = [...made].filter((token) => !final.has(token));
		expect(lost).toEqual([]);
		expect(ackedAtKills).toBeGreaterThanOrEqual(ACKS_BEFORE_KILL);
		console.log(
			`crash: ${KILLS} SIGKILL(s) with ${CLIENTS} clients editing; ${made.size} edits made, ` +
				`${ackedAtKills} acknowledged before the last kill, all stored; edits lost: ${lost.length}; all ${CLIENTS} clients converged`
		);
	});
});
