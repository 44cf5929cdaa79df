/**
 * Hostile document content from a modified client. The websocket protocol is valid, so the
 * server stores and relays it; what must hold is that every reader copes: a stock client's
 * model skips the invalid entries (and reports them) without throwing, the HTTP export stays
 * valid GeoJSON and CSV with no line to nowhere and no point out of range, the activity feed
 * answers, and the process and the other clients carry on. The browser side (list, panel,
 * peer pointers, the export the page makes) is tests/e2e/hostile-content.test.ts.
 *
 * The modified client writes raw Yjs values under the schema's key names, as a patched copy
 * of the app could; the model module is the only application code that knows those names.
 */
import { getIssues } from '@placemarkio/check-geojson';
import type { FeatureCollection } from 'geojson';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Issue } from '../../src/lib/model/index.ts';
import { canonical, connectClient, createMaps, health, startServer, tempDataDir, waitFor, type ServerProcess, type TestClient } from './harness.ts';
import { HOSTILE_MARKUP, writeHostileContent } from '../fixtures/hostile-content.ts';

let server: ServerProcess;
let cookie = '';
let attacker: TestClient;
let honest: TestClient;
const data = tempDataDir();

beforeAll(async () => {
	cookie = await createMaps(data.dir, ['m']);
	server = await startServer(data.dir);
	attacker = connectClient(server.wsUrl, 'm', 'mallory', { cookie });
	honest = connectClient(server.wsUrl, 'm', 'ana', { cookie });
	await Promise.all([attacker.synced(), honest.synced()]);
	honest.map.addAgent({ id: 'honest', name: 'Agente honesto', position: [-74.08, 4.6] });
	await waitFor(() => attacker.map.agent('honest') !== null, 'the attacker has the honest agent');
	writeHostileContent(attacker.doc, 'honest');
	await waitFor(() => canonical(honest.doc) === canonical(attacker.doc), 'the hostile content reaches the honest client', 20_000);
});

afterAll(async () => {
	attacker?.destroy();
	honest?.destroy();
	await server?.stop();
	data.remove();
});

describe('hostile document content from a modified client', () => {
	it('a stock client reads only valid entries, reports the rest, and shows no link to nowhere', async () => {
		const fresh = connectClient(server.wsUrl, 'm', 'carla', { cookie });
		try {
			await fresh.synced();
			const issues: Issue[] = [];
			const agents = fresh.map.agents(issues);
			const links = fresh.map.links(issues);
			const ids = new Set(agents.map((agent) => agent.id));
			expect(issues.length).toBeGreaterThan(0);
			for (const agent of agents) {
				expect(typeof agent.name).toBe('string');
				const [lon, lat] = agent.position;
				expect(Number.isFinite(lon) && Number.isFinite(lat) && Math.abs(lon) <= 180 && Math.abs(lat) <= 90, `${agent.id} at ${agent.position}`).toBe(true);
			}
			for (const link of links) expect(ids.has(link.from) && ids.has(link.to), `link ${link.id}`).toBe(true);
			// Ids naming a property of every object are refused (they polluted Object.prototype).
			expect(fresh.map.agent('__proto__')).toBeNull();
			expect(fresh.map.agent('constructor')).toBeNull();
			// Markup in a name is just text: kept exactly, to be shown as text.
			expect(agents.find((agent) => agent.id === 'markup')?.name).toBe(HOSTILE_MARKUP);
			// The same in a record; and a record with a clock past the limit is ignored, so it can
			// neither rename the honest agent nor win over every later edit of it.
			expect(agents.find((agent) => agent.id === 'record-markup')?.name).toBe(HOSTILE_MARKUP);
			expect(fresh.map.agent('honest')?.name).toBe('Agente honesto');
			expect(fresh.map.agent('record-far')).toBeNull();
			expect(fresh.map.agent('record-object')).toBeNull(); // records are text, not objects
			console.log(`hostile content: ${fresh.map.ids('agents').length} agent entries written, ${agents.length} valid, ${issues.length} issues reported`);
		} finally {
			fresh.destroy();
		}
	});

	it('the GeoJSON export stays valid: points in range, no line to nowhere, markup as plain strings', async () => {
		const response = await fetch(`${server.url}/api/maps/m/export.geojson`, { headers: { cookie } });
		expect(response.status).toBe(200);
		const text = await response.text();
		expect(getIssues(text)).toEqual([]);
		const collection = JSON.parse(text) as FeatureCollection;
		const points = new Map(collection.features.filter((f) => f.geometry.type === 'Point').map((f) => [f.id, f]));
		for (const point of points.values()) {
			const [lon, lat] = (point.geometry as { coordinates: number[] }).coordinates;
			expect(Math.abs(lon) <= 180 && Math.abs(lat) <= 90, `${point.id}`).toBe(true);
		}
		for (const line of collection.features.filter((f) => f.geometry.type === 'LineString')) {
			expect(points.has(line.properties!.from) && points.has(line.properties!.to), `line ${line.id}`).toBe(true);
		}
		expect(points.get('markup')?.properties?.name).toBe(HOSTILE_MARKUP);
		expect(points.has('honest')).toBe(true);
	});

	it('the CSV export parses back to one row per valid agent, with formulas neutralised', async () => {
		const response = await fetch(`${server.url}/api/maps/m/export.csv`, { headers: { cookie } });
		expect(response.status).toBe(200);
		const rows = Papa.parse<Record<string, string>>((await response.text()).replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
		expect(rows.errors).toEqual([]);
		const honestReader = honest.map.agents();
		expect(rows.data).toHaveLength(honestReader.length);
		for (const row of rows.data) {
			for (const cell of Object.values(row)) {
				// Only a plain number (a negative longitude) may start like a formula.
				if (/^[=+\-@\t\r]/.test(cell)) expect(cell, 'no cell starts a formula').toMatch(/^-\d+(\.\d+)?$/);
			}
		}
		expect(rows.data.some((row) => Object.values(row).includes(HOSTILE_MARKUP)), 'markup travels as plain text').toBe(true);
	});

	it('the activity feed and an agent’s history answer', async () => {
		const activity = await fetch(`${server.url}/api/maps/m/activity`, { headers: { cookie } });
		expect(activity.status).toBe(200);
		await activity.json();
		for (const id of ['markup', 'wrong-types', 'honest']) {
			const versions = await fetch(`${server.url}/api/maps/m/agents/${id}/versions`, { headers: { cookie } });
			expect(versions.status, id).toBe(200);
		}
	});

	it('the server, the room and honest clients carry on', async () => {
		expect(server.process.exitCode).toBeNull();
		expect((await health(server.url)).status).toBe('ok');
		const id = honest.map.addAgent({ name: 'Después del ataque', position: [-74.1, 4.65] });
		await waitFor(() => attacker.map.agent(id) !== null, 'edits still flow');
		expect(server.output()).not.toMatch(/ ERROR /);
		// The room holds exactly what the clients hold (nothing was rejected half-way).
		const later = connectClient(server.wsUrl, 'm', 'later', { cookie });
		try {
			await later.synced();
			expect(canonical(later.doc)).toBe(canonical(honest.doc));
			expect(Y.encodeStateVector(later.doc)).toEqual(Y.encodeStateVector(honest.doc));
		} finally {
			later.destroy();
		}
	});
});
