/**
 * The export formats for partners' tools, read back by other libraries' readers: CSV headers
 * in the UI's language that our importer still reads, links that name their agents and kinds,
 * the two GIS layers, and the network as GEXF and GraphML read by graphology's own parsers.
 * (GDAL's reading of the same files is tests/server/export-formats.test.ts.)
 */
import Graph from 'graphology';
import { parse as parseGEXF } from 'graphology-gexf';
import { parse as parseGraphML } from 'graphology-graphml';
import { strFromU8, unzipSync } from 'fflate';
import type { Feature } from 'geojson';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CSV_COLUMNS, collectExport, exportFile, exportLabels, toCSV, toGeoJSON, type ExportFormat } from '../../src/lib/exchange/index.ts';
import { MapDocument } from '../../src/lib/model/index.ts';
import { demoMap, emptyMapWithCatalogue, importInto, utf8 } from '../fixtures/exchange/helpers.ts';

const AT = new Date(2026, 11, 7, 10, 0);
const es = exportLabels('es');
const en = exportLabels('en');

async function fileText(format: ExportFormat, map: MapDocument, labels = es): Promise<string> {
	const parts = await exportFile(format, collectExport(map, { includeContact: true }), { filter: '', exportedAt: AT, labels });
	return parts.map((part) => (typeof part === 'string' ? part : strFromU8(part))).join('');
}

describe('CSV headers in the UI’s language', () => {
	const map = demoMap();

	it.each([
		['es', es, 'id,nombre,sector,longitud,latitud,municipio,dirección,áreas,nichos,redes,proyectos,etiquetas,sitio web,contacto,descripción'],
		['en', en, CSV_COLUMNS.join(',')]
	])('are written in %s', (_locale, labels, header) => {
		const csv = toCSV(collectExport(map, { includeContact: true }), { labels });
		expect(csv.slice(1, csv.indexOf('\r\n'))).toBe(header);
	});

	it.each([['es', es], ['en', en]])('an exported %s CSV imports back whole: every column found, every agent the same', async (_locale, labels) => {
		const source = demoMap();
		const csv = toCSV(collectExport(source, { includeContact: true }), { labels });
		const target = emptyMapWithCatalogue();
		const { mapping, plan } = await importInto(target, utf8(csv), 'socios.csv', { apply: true });
		// The importer's guess maps each header to its own field, none left out.
		expect(mapping).toEqual(Object.fromEntries(CSV_COLUMNS.map((key, index) => [key, index])));
		expect(plan.problems).toEqual([]);
		expect(plan.created).toBe(source.agents().length);
		// Exporting the imported map gives the same file: every field of every agent came back.
		expect(toCSV(collectExport(target, { includeContact: true }), { labels })).toBe(csv);
	});
});

describe('links name their agents and their kind', () => {
	it('in the single GeoJSON: ids and codes stay, names and labels in the UI’s language beside them', () => {
		const map = demoMap();
		const collection = toGeoJSON(collectExport(map), { filter: '', exportedAt: AT, labels: es });
		const link = map.links().find((l) => l.kind === 'partnership')!;
		const feature = collection.features.find((f) => f.id === link.id)!;
		expect(feature.properties).toMatchObject({
			from: link.from,
			from_name: map.agent(link.from)!.name,
			to: link.to,
			to_name: map.agent(link.to)!.name,
			kind: 'partnership',
			kind_label: 'Alianza'
		});
		const agent = collection.features.find((f) => f.geometry.type === 'Point' && f.properties!.sector === 'public')!;
		expect(agent.properties!.sector_label).toBe('Público');
	});

	it('in the GIS layers zip: a Point file and a LineString file, plain fields, English labels when asked', async () => {
		const map = demoMap();
		const parts = await exportFile('zip', collectExport(map), { filter: '', exportedAt: AT, labels: en });
		const files = unzipSync(new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)))));
		expect(Object.keys(files).sort()).toEqual(['agents.geojson', 'links.geojson']);
		const agents = JSON.parse(strFromU8(files['agents.geojson']));
		const links = JSON.parse(strFromU8(files['links.geojson']));
		expect(agents.features.every((f: Feature) => f.geometry.type === 'Point')).toBe(true);
		expect(links.features.every((f: Feature) => f.geometry.type === 'LineString')).toBe(true);
		expect(agents.features).toHaveLength(map.agents().length);
		expect(links.features).toHaveLength(map.links().length);
		// Every field is a plain value: ArcGIS reads no list fields.
		for (const feature of [...agents.features, ...links.features]) {
			for (const value of Object.values(feature.properties)) expect(['string', 'number']).toContain(typeof value);
		}
		const link = map.links()[0];
		expect(links.features.find((f: Feature) => f.properties!.id === link.id).properties).toMatchObject({
			from_id: link.from,
			from_name: map.agent(link.from)!.name,
			to_id: link.to,
			to_name: map.agent(link.to)!.name,
			kind: link.kind,
			kind_label: en.linkKind(link.kind)
		});
	});
});

describe('the network for Gephi', () => {
	const map = demoMap();
	const agent = map.agents().find((a) => a.areaIds.length > 1)!;
	const firstArea = map.areas().find((area) => agent.areaIds.includes(area.id))!.name;
	const link = map.links().find((l) => l.kind === 'funding')!;

	it.each([
		['gexf', (text: string) => parseGEXF(Graph, text)],
		['graphml', (text: string) => parseGraphML(Graph, text)]
	] as const)('%s read back by graphology: every agent a node with area, sector and position, every link a weighted, typed edge', async (format, read) => {
		const graph = read(await fileText(format, map));
		expect(graph.order).toBe(map.agents().length);
		expect(graph.size).toBe(map.links().length);
		expect(graph.type).toBe('undirected');
		const node = graph.getNodeAttributes(agent.id);
		expect(node).toMatchObject({ label: agent.name, sector: agent.sector, sector_label: es.sector(agent.sector), area: firstArea });
		expect(node.lon).toBeCloseTo(agent.position[0], 6);
		expect(node.lat).toBeCloseTo(agent.position[1], 6);
		// A layout position Gephi draws at once: east is right, north is up.
		expect(typeof node.x).toBe('number');
		expect(typeof node.y).toBe('number');
		expect(graph.getEdgeAttributes(link.id)).toMatchObject({ weight: link.weight, kind: 'funding', kind_label: 'Financiación' });
		expect(graph.hasEdge(link.id) && new Set(graph.extremities(link.id))).toEqual(new Set([link.from, link.to]));
	});

	it.each(['gexf', 'graphml'] as const)('%s keeps two links of different kinds between the same agents, and text XML cannot carry', async (format) => {
		const small = new MapDocument(new Y.Doc());
		const a = small.addAgent({ name: 'Uno\u0001 & <Dos>', position: [-74.1, 4.6] });
		const b = small.addAgent({ name: 'Tres "cuatro"', position: [-74.2, 4.7] });
		small.addLink({ from: a, to: b, kind: 'funding', weight: 3 });
		small.addLink({ from: a, to: b, kind: 'agreement', weight: 1 });
		const text = await fileText(format, small);
		const graph = format === 'gexf' ? parseGEXF(Graph, text) : parseGraphML(Graph, text);
		expect(graph.size).toBe(2);
		expect(graph.getNodeAttribute(a, 'label')).toBe('Uno & <Dos>');
		expect(graph.getNodeAttribute(b, 'label')).toBe('Tres "cuatro"');
	});
});
