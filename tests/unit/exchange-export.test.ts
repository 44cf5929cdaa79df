/**
 * Export: GeoJSON checked against RFC 7946 by an independent validator
 * (@placemarkio/check-geojson), CSV as spreadsheets read it (parsed back with papaparse), and
 * cells that would run as formulas neutralised.
 */
import { getIssues } from '@placemarkio/check-geojson';
import type { Feature, Point } from 'geojson';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	EXPORT_MEMBER,
	collectExport,
	csvCell,
	exportFileName,
	filterLabel,
	geoJSONParts,
	serializeGeoJSON,
	toCSV,
	toGeoJSON
} from '../../src/lib/exchange/index.ts';
import { MapDocument } from '../../src/lib/model/index.ts';
import { demoMap } from '../fixtures/exchange/helpers.ts';
import { pushRawRecord } from './raw-document.ts';

const AT = new Date(2026, 10, 23, 20, 30);

function geojsonText(map: MapDocument, options: Parameters<typeof collectExport>[1] = {}): string {
	return serializeGeoJSON(toGeoJSON(collectExport(map, options), { filter: '', exportedAt: AT }));
}

function decimals(value: number): number {
	const text = String(value);
	return text.includes('.') ? text.split('.')[1].length : 0;
}

describe('GeoJSON export', () => {
	const map = demoMap();
	const text = geojsonText(map);
	const collection = JSON.parse(text);

	it('is the same file when written in parts (as the browser does), whatever the number of features', () => {
		const whole = toGeoJSON(collectExport(map), { filter: '', exportedAt: AT });
		for (const count of [0, 1, 999, 1000, 1001, 2500]) {
			const features = Array.from({ length: count }, (_, n) => ({ ...whole.features[n % whole.features.length], id: `f-${n}` }));
			const parts = geoJSONParts({ ...whole, features });
			const text = parts.join('');
			// One feature per line, written as one string.
			const { features: _, ...head } = whole;
			const oneString = `${JSON.stringify(head).slice(0, -1)},"features":[\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
			expect(text).toBe(oneString);
			expect(JSON.parse(text).features.map((f: Feature) => f.id)).toEqual(features.map((f) => f.id));
			expect(getIssues(text)).toEqual([]);
		}
	});

	it('is valid RFC 7946 GeoJSON according to an independent validator', () => {
		expect(getIssues(text)).toEqual([]);
		expect(collection.type).toBe('FeatureCollection');
		// The validator does catch what RFC 7946 forbids (a position needs two numbers).
		const broken = text.replace(/"coordinates":\[(-?[\d.]+),(-?[\d.]+)\]/, '"coordinates":[$1]');
		expect(getIssues(broken).length).toBeGreaterThan(0);
	});

	it('has one Point per agent and one LineString per link, each with a stable id', () => {
		const points = collection.features.filter((f: Feature) => f.geometry.type === 'Point');
		const lines = collection.features.filter((f: Feature) => f.geometry.type === 'LineString');
		expect(points).toHaveLength(map.agents().length);
		expect(lines).toHaveLength(map.links().length);
		const ids = collection.features.map((f: Feature) => f.id);
		expect(new Set(ids).size).toBe(ids.length);
		expect(JSON.parse(geojsonText(map)).features.map((f: Feature) => f.id)).toEqual(ids);
	});

	it('writes WGS84 [lon, lat] with at most 7 decimals, even when a peer stored more', () => {
		const hostile = demoMap();
		const id = hostile.agents()[0].id;
		// A buggy peer wrote a position without the model's rounding.
		pushRawRecord(hostile, 'agents', { id, set: { position: [-74.123456789012, 4.987654321098] } });
		const exported = JSON.parse(geojsonText(hostile));
		for (const feature of exported.features) {
			const positions = feature.geometry.type === 'Point' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
			for (const [lon, lat] of positions) {
				expect(decimals(lon)).toBeLessThanOrEqual(7);
				expect(decimals(lat)).toBeLessThanOrEqual(7);
				expect(Math.abs(lon)).toBeLessThanOrEqual(180);
				expect(Math.abs(lat)).toBeLessThanOrEqual(90);
			}
		}
		expect(exported.features.find((f: Feature) => f.id === id).geometry.coordinates).toEqual([-74.1234568, 4.9876543]);
	});

	it('gives each agent its properties and its memberships by name', () => {
		const agent = map.agents().find((a) => a.areaIds.length > 0 && a.networkIds.length > 0)!;
		const feature = collection.features.find((f: Feature) => f.id === agent.id) as Feature<Point>;
		const areaNames = map.areas().filter((a) => agent.areaIds.includes(a.id)).map((a) => a.name);
		const networkNames = map.networks().filter((n) => agent.networkIds.includes(n.id)).map((n) => n.name);
		const projectNames = map.projects().filter((p) => p.agentIds.includes(agent.id)).map((p) => p.name);
		expect(feature.properties).toMatchObject({
			name: agent.name,
			sector: agent.sector,
			address: agent.address,
			municipality: agent.municipality,
			website: agent.website,
			description: agent.description,
			tags: agent.tags
		});
		expect(feature.properties!.areas.sort()).toEqual(areaNames.sort());
		expect(feature.properties!.networks.sort()).toEqual(networkNames.sort());
		expect(feature.properties!.projects.sort()).toEqual(projectNames.sort());
		expect(feature.geometry.coordinates).toEqual([...agent.position]);
	});

	it('leaves contact details out unless asked for', () => {
		expect(collection.features[0].properties).not.toHaveProperty('contact');
		const withContact = JSON.parse(geojsonText(map, { includeContact: true }));
		expect(withContact.features[0].properties).toHaveProperty('contact');
	});

	it('exports only the chosen agents and only the links between them', () => {
		const chosen = map.agents().filter((a) => a.sector === 'academia');
		const exported = JSON.parse(geojsonText(map, { agents: chosen }));
		const points = exported.features.filter((f: Feature) => f.geometry.type === 'Point');
		const chosenIds = new Set(chosen.map((a) => a.id));
		expect(points.map((f: Feature) => f.id).sort()).toEqual([...chosenIds].sort());
		const lines = exported.features.filter((f: Feature) => f.geometry.type === 'LineString');
		expect(lines.length).toBe(map.links().filter((l) => chosenIds.has(l.from) && chosenIds.has(l.to)).length);
		for (const line of lines) expect(chosenIds.has(line.properties.from) && chosenIds.has(line.properties.to)).toBe(true);
		// A predicate selects the same agents as the list.
		expect(geojsonText(map, { agents: (a) => a.sector === 'academia' })).toBe(geojsonText(map, { agents: chosen }));
		expect(getIssues(geojsonText(map, { agents: [] }))).toEqual([]);
		// Links handed over already read (the browser's index) give the same file as the
		// document's, even when they include links to agents not exported.
		expect(geojsonText(map, { agents: chosen, links: map.links() })).toBe(geojsonText(map, { agents: chosen }));
		expect(geojsonText(map, { agents: chosen, links: [] })).not.toBe(geojsonText(map, { agents: chosen }));
	});

	it('draws each link from one agent to the other and carries its kind, weight and ends', () => {
		const link = map.links()[0];
		const feature = collection.features.find((f: Feature) => f.id === link.id);
		const from = map.agent(link.from)!;
		const to = map.agent(link.to)!;
		expect(feature.geometry.coordinates).toEqual([[...from.position], [...to.position]]);
		expect(feature.properties).toMatchObject({ kind: link.kind, weight: link.weight, from: link.from, to: link.to });
	});

	it('carries the catalogue of the areas, niches, networks and projects it uses in a foreign member', () => {
		const member = collection[EXPORT_MEMBER];
		expect(member.map).toBe(map.readMeta().name);
		expect(member.catalogue.areas.map((a: { name: string }) => a.name).sort()).toEqual(map.areas().map((a) => a.name).sort());
		expect(member.catalogue.niches.every((n: { area: string }) => map.areas().some((a) => a.name === n.area))).toBe(true);
	});
});

describe('CSV export', () => {
	const map = demoMap();
	const csv = toCSV(collectExport(map));

	it('starts with a UTF-8 byte-order mark and ends rows with CRLF', () => {
		expect(csv.startsWith('\uFEFFid,name,sector,lon,lat,')).toBe(true);
		expect(csv.split('\r\n').length).toBeGreaterThan(map.agents().length);
	});

	it('has one row per agent with plain lon and lat numbers that spreadsheets read as numbers', () => {
		const parsed = Papa.parse<Record<string, string>>(csv.slice(1), { header: true, skipEmptyLines: true });
		expect(parsed.errors).toEqual([]);
		expect(parsed.data).toHaveLength(map.agents().length);
		for (const row of parsed.data) {
			const agent = map.agent(row.id)!;
			expect(Number(row.lon)).toBe(agent.position[0]);
			expect(Number(row.lat)).toBe(agent.position[1]);
			expect(row.lon).toMatch(/^-?\d+(\.\d{1,7})?$/);
			expect(row.name).toBe(agent.name.match(/^'*[=+\-@]/) ? `'${agent.name}` : agent.name);
		}
	});

	it('never writes a coordinate in exponent notation', () => {
		const tiny = new MapDocument(new Y.Doc());
		tiny.addAgent({ name: 'Near zero', position: [0.0000001, -0.0000002] });
		expect(toCSV(collectExport(tiny))).toContain(',0.0000001,-0.0000002,');
	});

	it.each([
		['=HYPERLINK("http://evil.example","clic")', `"'=HYPERLINK(""http://evil.example"",""clic"")"`],
		['+57 300 123 4567', "'+57 300 123 4567"],
		['-2+3+cmd|\' /C calc\'!A0', "'-2+3+cmd|' /C calc'!A0"],
		['@SUM(A1:A9)', "'@SUM(A1:A9)"],
		['\t=1+1', "'\t=1+1"],
		['\r=1+1', `"'\r=1+1"`],
		["'=already quoted", "''=already quoted"],
		['Normal, with a comma', '"Normal, with a comma"'],
		['Fundación "Ciencia"', '"Fundación ""Ciencia"""'],
		['50% - descuento', '50% - descuento']
	])('neutralises %j against formula injection', (value, cell) => {
		expect(csvCell(value)).toBe(cell);
	});

	it('neutralises formulas in every text column of a real export', () => {
		const hostile = new MapDocument(new Y.Doc());
		hostile.addAgent({
			name: '=1+1',
			position: [-74.1, 4.6],
			address: '@cmd',
			municipality: '+Chía',
			website: '-http://x',
			description: '=IMPORTXML("x")',
			tags: ['=tag']
		});
		const [, row] = Papa.parse<string[]>(toCSV(collectExport(hostile)).slice(1), { skipEmptyLines: true }).data;
		const texts = row.filter((_, i) => i !== 3 && i !== 4);
		for (const cell of texts.filter(Boolean).slice(1)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
		expect(row[3]).toBe('-74.1');
	});
});

describe('export file names', () => {
	it('say the map, the filter and the local date', () => {
		const name = 'Bogotá Región — Especialización Inteligente (demo)';
		expect(exportFileName({ mapName: name, filter: '', wholeMap: 'todo', date: AT, extension: 'geojson' })).toBe(
			'bogota-region-especializacion-inteligente-demo_todo_2026-11-23.geojson'
		);
		expect(exportFileName({ mapName: name, filter: 'Academia · Bio-Polo', wholeMap: 'all', date: AT, extension: 'csv' })).toBe(
			'bogota-region-especializacion-inteligente-demo_academia-bio-polo_2026-11-23.csv'
		);
		expect(exportFileName({ mapName: '', filter: '', wholeMap: '', date: AT, extension: 'csv' })).toBe('tejido_all_2026-11-23.csv');
	});
});

describe('filter labels for file names', () => {
	const map = demoMap();
	const catalogue = { areas: map.areas(), niches: map.niches(), networks: map.networks(), projects: map.projects() };

	it('name the chosen areas, sectors, municipalities, text and region in a few words', () => {
		const bio = map.areas().find((a) => a.name === 'Bio-Polo')!;
		const label = filterLabel(
			{ areas: [bio.id], sectors: ['academia'], municipalities: ['Chía'], text: 'café', region: { kind: 'polygon' } },
			catalogue
		);
		expect(label).toBe('bio-polo-academia-chia-cafe-polygon');
		expect(filterLabel({ areas: [], sectors: [], text: '', region: null }, catalogue)).toBe('');
		expect(filterLabel(null, catalogue)).toBe('');
	});
});
