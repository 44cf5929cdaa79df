/**
 * The HTTP export over a real socket and a real SQLite file: GeoJSON and CSV of a stored map,
 * the open room's document used as it is (no second copy), authorisation, filter parameters,
 * and a store that fails. The routes are mounted on a Hono app of the test's own (authorisation
 * is tested through the real server), served by @hono/node-server on a free port.
 */
import { serve, type ServerType } from '@hono/node-server';
import { getIssues } from '@placemarkio/check-geojson';
import { Hono } from 'hono';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { cleanupAfterEach } from './harness.ts';
import { describe, expect, it } from 'vitest';
import { RoomRegistry } from '../../server/collab/room-registry.ts';
import type { Connection } from '../../server/collab/protocol.ts';
import { DEMO_MAP_ID, seedDemoIfEmpty } from '../../server/demo/seed-demo.ts';
import { mountExport, type ExportDeps } from '../../server/http/export-routes.ts';
import { selectAgents } from '../../server/http/export-selection.ts';
import { BadRequest } from '../../server/http/body.ts';
import type { DocumentStore } from '../../server/store/document-store.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { seedDemoMap } from '../../src/lib/demo/demo-map.ts';
import { MapDocument } from '../../src/lib/model/index.ts';

const cleanups = cleanupAfterEach();

interface Running {
	url: string;
	store: SqliteStore;
	registry: RoomRegistry;
	loads: () => number;
}

/** A store file with the demo map, the export routes on a fresh app, listening on a free port. */
async function start(deps: Partial<ExportDeps> = {}, wrap: (store: DocumentStore) => DocumentStore = (s) => s): Promise<Running> {
	const dir = mkdtempSync(join(tmpdir(), 'tejido-export-'));
	cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
	const store = new SqliteStore(join(dir, 'tejido.db'));
	cleanups.push(() => store.close());
	await seedDemoIfEmpty(store);
	let loads = 0;
	const counted = wrap(store);
	const watched: DocumentStore = Object.assign(Object.create(counted), {
		loadDocument: (mapId: string) => {
			loads++;
			return counted.loadDocument(mapId);
		}
	});
	const registry = new RoomRegistry(watched, { compactEvery: 500, graceMs: 0, retryMs: 20 });
	cleanups.push(() => registry.closeAll());
	const app = new Hono();
	// These tests are about the export itself; authorisation is tested through the real server.
	mountExport(app, { store: watched, registry, authorizeRead: async () => ({ hidden: [] }), selectAgents, ...deps });
	app.onError((error, c) => (error instanceof BadRequest ? c.json({ error: error.message }, error.status) : c.json({ error: 'unexpected' }, 500)));
	const server = await new Promise<ServerType>((resolve) => {
		const started: ServerType = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
	});
	cleanups.push(() => new Promise((done) => server.close(done)));
	const { port } = server.address() as AddressInfo;
	return { url: `http://127.0.0.1:${port}`, store, registry, loads: () => loads };
}

function stubConnection(): Connection {
	return { id: 'c1', actor: 'tester', canWrite: true, send: () => {}, close: () => {} };
}

const demo = new MapDocument();
seedDemoMap(demo);

describe('GET /api/maps/:mapId/export.geojson', () => {
	it('serves the stored map as valid GeoJSON, as a download named after the map and the day', async () => {
		const { url, registry } = await start();
		const response = await fetch(`${url}/api/maps/${DEMO_MAP_ID}/export.geojson`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/geo+json; charset=utf-8');
		expect(response.headers.get('content-disposition')).toMatch(
			/^attachment; filename="bogota-region-especializacion-inteligente-demo_all_\d{4}-\d{2}-\d{2}\.geojson"$/
		);
		const text = await response.text();
		expect(getIssues(text)).toEqual([]);
		const features = JSON.parse(text).features as { geometry: { type: string } }[];
		expect(features.filter((f) => f.geometry.type === 'Point')).toHaveLength(demo.agents().length);
		expect(features.filter((f) => f.geometry.type === 'LineString')).toHaveLength(demo.links().length);
		// The temporary document is gone: no room was opened for the export.
		expect(registry.openRooms).toBe(0);
	});

	it('reads the open room’s document instead of loading a second copy', async () => {
		const { url, registry, loads } = await start();
		const room = registry.join(DEMO_MAP_ID, stubConnection());
		await room.ready;
		expect(loads()).toBe(1);
		new MapDocument(room.doc, 'tester').addAgent({ name: 'Recién llegado', position: [-74.05, 4.65] });
		const response = await fetch(`${url}/api/maps/${DEMO_MAP_ID}/export.geojson`);
		const names = JSON.parse(await response.text()).features.map((f: { properties: { name?: string } }) => f.properties.name);
		expect(names).toContain('Recién llegado');
		expect(loads()).toBe(1);
	});

	it('answers 404 for a map that does not exist', async () => {
		const { url } = await start();
		const response = await fetch(`${url}/api/maps/nope/export.geojson`);
		expect(response.status).toBe(404);
		expect((await response.json()).error).toMatch(/No map/);
	});

	it('refuses a caller that authorizeRead denies, before reading anything', async () => {
		const asked: string[] = [];
		const { url, loads } = await start({
			authorizeRead: async (_c, mapId) => {
				asked.push(mapId);
				return { status: 403, message: 'This share link has expired.' };
			}
		});
		const response = await fetch(`${url}/api/maps/${DEMO_MAP_ID}/export.csv`);
		expect(response.status).toBe(403);
		expect(await response.json()).toEqual({ error: 'This share link has expired.' });
		expect(asked).toEqual([DEMO_MAP_ID]);
		expect(loads()).toBe(0);
	});

	it('exports exactly the agents the page URL’s filter selects, and names the file after it', async () => {
		const { url } = await start();
		const area = demo.areas()[0];
		const query = `area=${area.id}&sector=academia`;
		const response = await fetch(`${url}/api/maps/${DEMO_MAP_ID}/export.geojson?${query}`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-disposition')).toMatch(/_bio-polo-academia_/);
		const features = JSON.parse(await response.text()).features as { id: string; geometry: { type: string }; properties: { from?: string; to?: string } }[];
		const points = features.filter((f) => f.geometry.type === 'Point').map((f) => f.id).sort();
		const expected = demo.agents().filter((a) => a.sector === 'academia' && a.areaIds.includes(area.id));
		expect(expected.length).toBeGreaterThan(0);
		expect(points).toEqual(expected.map((a) => a.id).sort());
		// Links only between exported agents.
		const exported = new Set(points);
		const lines = features.filter((f) => f.geometry.type === 'LineString');
		expect(lines.every((f) => exported.has(f.properties.from!) && exported.has(f.properties.to!))).toBe(true);
	});

	it('applies a drawn circle from the URL: only agents within its radius (checked by haversine here)', async () => {
		const { url } = await start();
		const center = [-74.08, 4.63] as const;
		const response = await fetch(`${url}/api/maps/${DEMO_MAP_ID}/export.csv?circle=${center[0]},${center[1]},3`);
		expect(response.status).toBe(200);
		const rows = Papa.parse<Record<string, string>>(await response.text(), { header: true, skipEmptyLines: true }).data;
		const km = (a: readonly number[], b: readonly number[]) => {
			const rad = Math.PI / 180;
			const h = Math.sin(((b[1] - a[1]) * rad) / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(((b[0] - a[0]) * rad) / 2) ** 2;
			return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
		};
		// Agents right at the edge could fall either way with another Earth radius: leave them out.
		const inside = demo.agents().filter((a) => km(center, a.position) < 2.99).map((a) => a.id);
		const outside = demo.agents().filter((a) => km(center, a.position) > 3.01).map((a) => a.id);
		const ids = new Set(rows.map((row) => row.id));
		expect(inside.length).toBeGreaterThan(0);
		expect(inside.every((id) => ids.has(id))).toBe(true);
		expect(outside.some((id) => ids.has(id))).toBe(false);
	});

	it('refuses a region it cannot read with 400 and a hint, instead of exporting the whole map', async () => {
		const { url } = await start();
		const response = await fetch(`${url}/api/maps/${DEMO_MAP_ID}/export.geojson?circle=-74.1,banana,3`);
		expect(response.status).toBe(400);
		expect((await response.json()).error).toMatch(/circle=lon,lat,km/);
	});

	it('answers 503 with a clear message when the store cannot be read, and keeps serving', async () => {
		const { url } = await start({}, (store) =>
			Object.assign(Object.create(store), {
				loadDocument: async () => {
					throw new Error('disk on fire');
				}
			})
		);
		const response = await fetch(`${url}/api/maps/${DEMO_MAP_ID}/export.geojson`);
		expect(response.status).toBe(503);
		expect((await response.json()).error).toMatch(/could not be read/);
		expect((await fetch(`${url}/api/maps/nope/export.csv`)).status).toBe(404);
	});
});

describe('GET /api/maps/:mapId/export.csv', () => {
	it('serves one row per agent, UTF-8 with a byte-order mark, without contact details', async () => {
		const { url } = await start();
		const response = await fetch(`${url}/api/maps/${DEMO_MAP_ID}/export.csv`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(response.headers.get('content-disposition')).toMatch(/_all_\d{4}-\d{2}-\d{2}\.csv"$/);
		const bytes = new Uint8Array(await response.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const parsed = Papa.parse<Record<string, string>>(new TextDecoder().decode(bytes), { header: true, skipEmptyLines: true });
		expect(parsed.data).toHaveLength(demo.agents().length);
		expect(parsed.meta.fields).not.toContain('contact');
		expect(parsed.data.every((row) => Number.isFinite(Number(row.lon)) && Number.isFinite(Number(row.lat)))).toBe(true);
	});
});
