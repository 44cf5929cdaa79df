/**
 * What partners' GIS tools see in the files the server's export routes serve: each format is
 * downloaded over a real socket, written to a temp dir and read by GDAL's `ogrinfo` (Debian's
 * gdal-bin; QGIS reads files through the same library), which reports each layer's geometry
 * type, feature count, CRS and fields. GEXF and GraphML, which GDAL does not read, are read
 * back by graphology's parsers (Gephi Lite's own).
 */
import { serve, type ServerType } from '@hono/node-server';
import Graph from 'graphology';
import { parse as parseGEXF } from 'graphology-gexf';
import { parse as parseGraphML } from 'graphology-graphml';
import { Hono } from 'hono';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RoomRegistry } from '../../server/collab/room-registry.ts';
import { DEMO_MAP_ID, seedDemoIfEmpty } from '../../server/demo/seed-demo.ts';
import { BadRequest } from '../../server/http/body.ts';
import { mountExport } from '../../server/http/export-routes.ts';
import { selectAgents } from '../../server/http/export-selection.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { seedDemoMap } from '../../src/lib/demo/demo-map.ts';
import { MapDocument } from '../../src/lib/model/index.ts';
import { cleanupAfterEach } from './harness.ts';

const OGRINFO = '/usr/bin/ogrinfo';
const hasOgr = existsSync(OGRINFO);
if (!hasOgr) console.warn(`export-formats: ${OGRINFO} is missing, so GDAL's reading is skipped. Install it with: apt-get install -y gdal-bin`);

const cleanups = cleanupAfterEach();
const demo = new MapDocument();
seedDemoMap(demo);
const AREA = demo.areas().find((a) => a.name === 'Bio-Polo')!;
const inArea = demo.agents().filter((a) => a.areaIds.includes(AREA.id));
const inAreaIds = new Set(inArea.map((a) => a.id));
const linksInArea = demo.links().filter((l) => inAreaIds.has(l.from) && inAreaIds.has(l.to));

/** The export routes over a store file holding the demo map, on a free port; a temp dir for files. */
async function start(): Promise<{ url: string; dir: string }> {
	const dir = mkdtempSync(join(tmpdir(), 'tejido-export-formats-'));
	cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
	const store = new SqliteStore(join(dir, 'tejido.db'));
	cleanups.push(() => store.close());
	await seedDemoIfEmpty(store);
	const registry = new RoomRegistry(store, { compactEvery: 500, graceMs: 0, retryMs: 20 });
	cleanups.push(() => registry.closeAll());
	const app = new Hono();
	mountExport(app, { store, registry, authorizeRead: async () => ({ hidden: [] }), selectAgents });
	app.onError((error, c) => (error instanceof BadRequest ? c.json({ error: error.message }, error.status) : c.json({ error: 'unexpected' }, 500)));
	const server = await new Promise<ServerType>((resolve) => {
		const started: ServerType = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
	});
	cleanups.push(() => new Promise((done) => server.close(done)));
	return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, dir };
}

/** Downloads one export (the Bio-Polo view, as a filtered page's link asks) into `dir`. */
async function download(url: string, dir: string, file: string, query = ''): Promise<string> {
	const response = await fetch(`${url}/api/maps/${DEMO_MAP_ID}/${file}?area=${AREA.id}${query}`);
	expect(response.status).toBe(200);
	const path = join(dir, file);
	writeFileSync(path, new Uint8Array(await response.arrayBuffer()));
	return path;
}

interface OgrLayer {
	name: string;
	geometry: string;
	count: number;
	crs: string;
	fields: string[];
}

/** `ogrinfo -ro -al -so` of a file, cut into what this test compares. */
function ogrinfo(source: string, options: string[] = []): { text: string; layers: OgrLayer[] } {
	const text = execFileSync(OGRINFO, ['-ro', '-al', '-so', ...options, source], { encoding: 'utf8' });
	const layers = text.split(/^Layer name: /m).slice(1).map((block) => ({
		name: block.split('\n')[0].trim(),
		geometry: /^Geometry: (.+)$/m.exec(block)?.[1] ?? '',
		count: Number(/^Feature Count: (\d+)$/m.exec(block)?.[1]),
		crs: /^Layer SRS WKT:\n(?:\(unknown\)|GEOGCRS\["([^"]+)")/m.exec(block)?.[1] ?? 'unknown',
		fields: [...block.matchAll(/^(\S[^:\n]*): \w+ \(/gm)].map((match) => match[1])
	}));
	return { text, layers };
}

const AGENT_FIELDS = ['id', 'name', 'sector', 'sector_label', 'municipality', 'address', 'areas', 'niches', 'networks', 'projects', 'tags', 'website', 'description'];
const LINK_FIELDS = ['id', 'kind', 'kind_label', 'weight', 'from_id', 'from_name', 'to_id', 'to_name', 'note', 'since'];

describe.skipIf(!hasOgr)('GDAL reads each GIS export as partners’ tools will', () => {
	it('the zip holds two layers: agents as Points and links as Line Strings, in WGS 84, with their fields', async () => {
		const { url, dir } = await start();
		const zip = await download(url, dir, 'export.zip');
		const agents = ogrinfo(`/vsizip/{${zip}}/agents.geojson`);
		const links = ogrinfo(`/vsizip/{${zip}}/links.geojson`);
		expect(agents.layers).toEqual([{ name: 'agents', geometry: 'Point', count: inArea.length, crs: 'WGS 84', fields: AGENT_FIELDS }]);
		expect(links.layers).toEqual([{ name: 'links', geometry: 'Line String', count: linksInArea.length, crs: 'WGS 84', fields: LINK_FIELDS }]);
		expect(linksInArea.length).toBeGreaterThan(0);
	});

	it('the single GeoJSON is one mixed layer, documented as such, whose links carry names and labels', async () => {
		const { url, dir } = await start();
		const { layers, text } = ogrinfo(await download(url, dir, 'export.geojson', '&lang=es'));
		expect(layers).toHaveLength(1);
		expect(layers[0]).toMatchObject({ geometry: 'Unknown (any)', count: inArea.length + linksInArea.length, crs: 'WGS 84' });
		expect(layers[0].fields).toEqual(expect.arrayContaining(['sector_label', 'kind', 'kind_label', 'from', 'from_name', 'to', 'to_name']));
	});

	it.each([
		['es', '&lang=es', 'longitud', 'latitud', ['id', 'nombre', 'sector', 'longitud', 'latitud', 'municipio', 'dirección', 'áreas', 'nichos', 'redes', 'proyectos', 'etiquetas', 'sitio web', 'descripción']],
		['en (no language asked: the stable keys)', '', 'lon', 'lat', ['id', 'name', 'sector', 'lon', 'lat', 'municipality', 'address', 'areas', 'niches', 'networks', 'projects', 'tags', 'website', 'description']]
	])('the CSV in %s: one Point per agent from its coordinate columns', async (_name, query, x, y, fields) => {
		const { url, dir } = await start();
		const csv = await download(url, dir, 'export.csv', query);
		// A CSV cannot state its CRS (GDAL says "unknown"): docs/exchange.md says WGS 84 degrees.
		const { layers, text } = ogrinfo(csv, ['-oo', `X_POSSIBLE_NAMES=${x}`, '-oo', `Y_POSSIBLE_NAMES=${y}`, '-oo', 'KEEP_GEOM_COLUMNS=YES']);
		expect(layers).toEqual([{ name: 'export', geometry: 'Point', count: inArea.length, crs: 'unknown', fields }]);
	});
});

describe('the network files the server serves', () => {
	it.each([
		['export.gexf', parseGEXF],
		['export.graphml', parseGraphML]
	] as const)('%s: the filtered agents as nodes and the links among them as edges, labels in the language asked', async (file, parse) => {
		const { url } = await start();
		const response = await fetch(`${url}/api/maps/${DEMO_MAP_ID}/${file}?area=${AREA.id}&lang=en`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-disposition')).toMatch(new RegExp(`_bio-polo_\\d{4}-\\d{2}-\\d{2}\\.${file.split('.')[1]}"$`));
		const graph = parse(Graph, await response.text());
		expect(graph.order).toBe(inArea.length);
		expect(graph.size).toBe(linksInArea.length);
		const link = linksInArea[0];
		expect(graph.getEdgeAttributes(link.id)).toMatchObject({ kind: link.kind, weight: link.weight });
		expect(graph.getEdgeAttribute(link.id, 'kind_label')).toMatch(/^[A-Z]/);
		expect(graph.getNodeAttribute(inArea[0].id, 'areas')).toContain('Bio-Polo');
	});

	it('writes in the language a partner’s browser asks for when the link names none', async () => {
		const { url } = await start();
		// Response.text() drops the byte-order mark.
		const headerOf = async (headers: Record<string, string>) => {
			const response = await fetch(`${url}/api/maps/${DEMO_MAP_ID}/export.csv`, { headers });
			const header = (await response.text()).split('\r\n')[0];
			return `${response.headers.get('content-language')}: ${header}`;
		};
		expect(await headerOf({ 'accept-language': 'fr-FR, es-CO;q=0.9, en;q=0.8' })).toMatch(/^es: id,nombre,sector,longitud,latitud,/);
		expect(await headerOf({ 'accept-language': 'en-GB' })).toMatch(/^en: id,name,sector,lon,lat,/);
		expect(await headerOf({ 'accept-language': '*' })).toMatch(/^en: id,name,sector,lon,lat,/);
	});

	it('refuses a language it does not have with 400, instead of guessing', async () => {
		const { url } = await start();
		const response = await fetch(`${url}/api/maps/${DEMO_MAP_ID}/export.csv?lang=fr`);
		expect(response.status).toBe(400);
		expect((await response.json()).error).toMatch(/lang=es or lang=en/);
	});
});
