/**
 * Personal fields (issue 23, item 9): an agent's contact, and the fields an owner marks
 * personal, reach members only. A share link's live connection is sent the map without them,
 * in its first sync and in every later update (raw bytes checked, not only what a model reads);
 * a viewer's versions do not bring back a contact an editor removed. Before, the share link
 * received every contact and a viewer read removed ones in the versions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { Client } from './http-client.ts';
import { connectClient, mapWithTwoPeople, startServer, tempDataDir, waitFor, type ServerProcess, type TestClient } from './harness.ts';

let server: ServerProcess;
const data = tempDataDir();
let people: Awaited<ReturnType<typeof mapWithTwoPeople>>;
let viewer: Client;
const clients: TestClient[] = [];
let agentId = '';
const CONTACT = 'directora@universidad.edu.co';

beforeAll(async () => {
	server = await startServer(data.dir);
	people = await mapWithTwoPeople(server.url);
	viewer = new Client(server.url);
	await viewer.signUp('Vera');
	const invitation = await people.owner.post(`/api/maps/${people.mapId}/invitations`, { role: 'viewer' });
	expect((await viewer.post(`/api/invitations/${invitation.body.token}/accept`)).status).toBe(200);
	const editor = connect({ cookie: people.editor.cookie });
	await editor.synced();
	agentId = editor.map.addAgent({
		name: 'Universidad Distrital',
		position: [-74.08, 4.63],
		contact: CONTACT,
		website: 'https://udistrital.edu.co',
		address: 'Cra 7 # 40B-53'
	});
	await waitFor(() => editor.provider.synced, 'the agent is sent');
});

afterAll(async () => {
	for (const client of clients) client.destroy();
	await server?.stop();
	data.remove();
});

function connect(options: { cookie?: string; share?: string }): TestClient {
	const client = connectClient(server.wsUrl, people.mapId, 'someone', options);
	clients.push(client);
	return client;
}

/**
 * Every byte a raw share-link socket receives in its first sync and for `ms` after (or, with
 * `until`, until the bytes hold that text: a large map's first sync waits for its thread).
 */
function rawShareBytes(ms: number, whileOpen: () => Promise<void> = async () => {}, until?: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(`${server.wsUrl}/${people.mapId}?share=${encodeURIComponent(people.partner.share!)}`);
		const received: Buffer[] = [];
		const done = () => {
			ws.close();
			resolve(Buffer.concat(received).toString('latin1'));
		};
		ws.on('message', (bytes: Buffer) => {
			received.push(bytes);
			if (until && bytes.toString('latin1').includes(until)) done();
		});
		ws.on('error', reject);
		ws.on('open', async () => {
			const step1 = encoding.createEncoder();
			encoding.writeVarUint(step1, 0);
			syncProtocol.writeSyncStep1(step1, new Y.Doc());
			ws.send(encoding.toUint8Array(step1));
			await whileOpen();
			setTimeout(done, ms);
		});
	});
}

describe('a share link receives the map without personal fields', () => {
	it('its first sync carries no contact, in any byte', async () => {
		const bytes = await rawShareBytes(500);
		expect(bytes).toContain('Universidad Distrital');
		expect(bytes).not.toContain(CONTACT);
	});

	it('reads every agent without its contact, while members read it', async () => {
		const partner = connect({ share: people.partner.share! });
		const member = connect({ cookie: viewer.cookie });
		await Promise.all([partner.synced(), member.synced()]);
		expect(partner.map.agent(agentId)).toMatchObject({ name: 'Universidad Distrital', contact: '', website: 'https://udistrital.edu.co' });
		expect(member.map.agent(agentId)?.contact).toBe(CONTACT);
	});

	it('later edits reach it without the contact they set, and with everything else', async () => {
		const partner = connect({ share: people.partner.share! });
		await partner.synced();
		const editor = connect({ cookie: people.editor.cookie });
		await editor.synced();
		const newContact = 'nueva@universidad.edu.co';
		const bytes = await rawShareBytes(800, async () => {
			editor.map.updateAgent(agentId, { contact: newContact, description: 'Sede Macarena' });
		});
		expect(bytes).not.toContain(newContact);
		expect(bytes).toContain('Sede Macarena');
		await waitFor(() => partner.map.agent(agentId)?.description === 'Sede Macarena', 'the partner sees the description');
		expect(partner.map.agent(agentId)?.contact).toBe('');
	});

	it('the owner marks the website personal: share links reconnect and no longer receive it', async () => {
		const partner = connect({ share: people.partner.share! });
		await partner.synced();
		const closed = new Promise<number>((resolve) => partner.provider.once('connection-close', (event: { code: number } | null) => resolve(event?.code ?? 0)));
		const reply = await people.owner.patch(`/api/maps/${people.mapId}`, { personalFields: ['website'] });
		expect(reply.status).toBe(200);
		expect(reply.body.personalFields).toEqual(['website']);
		expect(await closed).toBe(4403);
		const bytes = await rawShareBytes(500);
		expect(bytes).not.toContain('udistrital.edu.co');
		expect(bytes).toContain('Universidad Distrital');
		const fresh = connect({ share: people.partner.share! });
		await fresh.synced();
		expect(fresh.map.agent(agentId)).toMatchObject({ website: '', contact: '', address: 'Cra 7 # 40B-53' });
		// Its files leave both out too (the text formats; the zip's layers come from the same
		// data); a member's keep the website.
		for (const format of ['csv', 'geojson', 'gexf', 'graphml']) {
			const file = await people.partner.get(`/api/maps/${people.mapId}/export.${format}`);
			expect(file.status).toBe(200);
			expect(JSON.stringify(file.body)).not.toMatch(/udistrital\.edu\.co|directora@/);
		}
		const memberFile = await viewer.get(`/api/maps/${people.mapId}/export.csv`);
		expect(JSON.stringify(memberFile.body)).toContain('udistrital.edu.co');
		// What the share link's page is told, to keep its copy apart from a member's.
		const info = await people.partner.get(`/api/maps/${people.mapId}`);
		expect(info.body.hiddenFields).toEqual(['contact', 'website']);
		await people.owner.patch(`/api/maps/${people.mapId}`, { personalFields: [] });
	});

	it('only owners mark fields, and only the fields that may be marked', async () => {
		expect((await people.editor.patch(`/api/maps/${people.mapId}`, { personalFields: ['website'] })).status).toBe(403);
		const bogus = await people.owner.patch(`/api/maps/${people.mapId}`, { personalFields: ['name'] });
		expect(bogus.status).toBe(400);
		expect(String(bogus.body.error)).toMatch(/address, website, description/);
		expect((await people.owner.get(`/api/maps/${people.mapId}`)).body.personalFields).toEqual([]);
	});
});

describe('a large map is redacted off the event loop, with the same result', () => {
	it('a share link’s first sync of a map past 256 KB carries no contact and reads every agent', async () => {
		const editor = connect({ cookie: people.editor.cookie });
		await editor.synced();
		editor.map.transact(() => {
			for (let i = 0; i < 1500; i++) {
				editor.map.addAgent({ name: `Empresa ${i}`, position: [-74 + i / 10_000, 4.6], contact: `gerencia${i}@empresa${i}.com.co`, description: 'x'.repeat(200) });
			}
		});
		const member = connect({ cookie: viewer.cookie });
		await member.synced();
		await waitFor(() => member.map.agentCount() >= 1501, 'the member has every agent');
		// The whole state now goes through the projection thread (ProjectionWorker, 256 KB and up).
		const bytes = await rawShareBytes(15_000, undefined, 'Empresa 1499');
		expect(bytes.length).toBeGreaterThan(256 * 1024);
		expect(bytes).toContain('Empresa 1499');
		expect(bytes).not.toMatch(/gerencia\d+@/);
		const partner = connect({ share: people.partner.share! });
		await partner.synced();
		await waitFor(() => partner.map.agentCount() === member.map.agentCount(), 'the partner has every agent');
		expect(partner.map.agents().filter((agent) => agent.contact !== '')).toEqual([]);
		expect(partner.map.agents().map((agent) => agent.name).sort()).toEqual(member.map.agents().map((agent) => agent.name).sort());
	});
});

describe('versions do not bring back removed personal values for viewers', () => {
	it('a viewer’s versions withhold the contact an editor removed; the editor’s keep it', async () => {
		const editor = connect({ cookie: people.editor.cookie });
		await editor.synced();
		const removed = 'antiguo-contacto@universidad.edu.co';
		editor.map.updateAgent(agentId, { contact: removed });
		await waitFor(() => editor.provider.synced, 'sent');
		editor.map.updateAgent(agentId, { contact: '' });
		const path = `/api/maps/${people.mapId}/agents/${agentId}/versions`;
		let editorView = await people.editor.get(path);
		for (let i = 0; i < 50 && !JSON.stringify(editorView.body).includes(removed); i++) {
			await new Promise((r) => setTimeout(r, 100));
			editorView = await people.editor.get(path);
		}
		expect(JSON.stringify(editorView.body)).toContain(removed);
		const viewerView = await viewer.get(path);
		expect(viewerView.status).toBe(200);
		expect(JSON.stringify(viewerView.body)).not.toContain(removed);
		expect(JSON.stringify(viewerView.body)).not.toContain(CONTACT);
		expect(viewerView.body.withheld).toEqual(['contact']);
		expect((viewerView.body.versions as unknown[]).length).toBe((editorView.body.versions as unknown[]).length);
	});
});
