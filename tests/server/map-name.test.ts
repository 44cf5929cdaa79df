/**
 * A map has one name, the one its owners set through PATCH /api/maps/:id (owner-only). An
 * editor who writes a name into the document over the live connection (which the sync
 * protocol lets any editor do) changes nothing anyone reads: not the public indicators page,
 * not the exports. Before, both showed the editor's name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, mapWithTwoPeople, startServer, tempDataDir, waitFor, type ServerProcess, type TestClient } from './harness.ts';

let server: ServerProcess;
const data = tempDataDir();
let people: Awaited<ReturnType<typeof mapWithTwoPeople>>;
let beto: TestClient;
const FORGED = 'Name set by an EDITOR';

beforeAll(async () => {
	server = await startServer(data.dir);
	people = await mapWithTwoPeople(server.url);
	expect((await people.owner.request('PUT', `/api/maps/${people.mapId}/publication`, { public: true })).status).toBe(200);
	beto = connectClient(server.wsUrl, people.mapId, 'Beto', { cookie: people.editor.cookie });
	await beto.synced();
	beto.map.addAgent({ name: 'Lab', position: [-74.08, 4.6] });
	beto.map.setMeta({ name: FORGED });
	// A second client sees the forged name: it reached the stored document.
	const check = connectClient(server.wsUrl, people.mapId, 'Ana', { cookie: people.owner.cookie });
	await check.synced();
	await waitFor(() => check.map.readMeta().name === FORGED, 'the editor’s write is stored');
	check.destroy();
});
afterAll(async () => {
	beto?.destroy();
	await server?.stop();
	data.remove();
});

describe('the map’s one name', () => {
	it('an editor cannot rename the map: the owner-only route refuses', async () => {
		expect((await people.editor.request('PATCH', `/api/maps/${people.mapId}`, { name: FORGED })).status).toBe(403);
	});

	it('the public indicators show the owners’ name, not the document’s', async () => {
		const reply = await people.outsider.get(`/api/public/${people.mapId}/indicators`);
		expect(reply.status).toBe(200);
		expect((reply.body.map as { name: string }).name).toBe('Registro');
		expect(JSON.stringify(reply.body)).not.toContain(FORGED);
	});

	it('exports are named after, and carry, the owners’ name', async () => {
		for (const format of ['geojson', 'csv']) {
			const response = await fetch(`${server.url}/api/maps/${people.mapId}/export.${format}`, { headers: { cookie: people.owner.cookie } });
			expect(response.status).toBe(200);
			expect(response.headers.get('content-disposition')).toContain('registro');
			expect(await response.text()).not.toContain(FORGED);
		}
	});

	it('a rename by an owner is what everyone reads', async () => {
		expect((await people.owner.request('PATCH', `/api/maps/${people.mapId}`, { name: 'Registro 2027' })).status).toBe(200);
		// The public answer is kept a short while; publishing again drops it.
		await people.owner.request('PUT', `/api/maps/${people.mapId}/publication`, { public: true });
		const reply = await people.outsider.get(`/api/public/${people.mapId}/indicators`);
		expect((reply.body.map as { name: string }).name).toBe('Registro 2027');
	});
});
