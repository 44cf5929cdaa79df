/**
 * Properties of the importer over generated input: no file makes it throw anything but an
 * `ImportError`, and every plan it makes is one the model accepts (so the confirmed import
 * never fails halfway). Also: any text an agent holds survives a CSV export and import.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	IMPORT_FIELDS,
	ImportError,
	applyImport,
	collectExport,
	guessMapping,
	importContext,
	planImport,
	readImportFile,
	toCSV,
	type ColumnMapping
} from '../../src/lib/exchange/index.ts';
import { MapDocument } from '../../src/lib/model/index.ts';
import { demoMap, utf8 } from '../fixtures/exchange/helpers.ts';

const base = demoMap();
const baseState = Y.encodeStateAsUpdate(base.doc);

/** A fresh copy of the demo map, cheaper than seeding it again. */
function freshMap(): MapDocument {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, baseState);
	return new MapDocument(doc, 'prop');
}

/** Reads, plans with the given mapping (or the guess) and applies; only an ImportError may escape. */
async function importAnything(bytes: Uint8Array, name: string, mapping?: (columns: number) => ColumnMapping, options = {}) {
	const map = freshMap();
	let table;
	try {
		table = await readImportFile(bytes, name);
	} catch (error) {
		expect(error).toBeInstanceOf(ImportError);
		return;
	}
	const chosen = mapping ? mapping(table.columns.length) : guessMapping(table.columns);
	const plan = await planImport(table, chosen, importContext(map), options);
	applyImport(map, plan);
	expect(map.agents().length).toBe(base.agents().length + plan.created);
}

const cellText = fc.oneof(
	fc.string({ maxLength: 12 }),
	fc.constantFrom('4,6', '-74,08', '4.6097', '-74.0817', '95', '-200', '', ' ', 'Chía', 'Bio-Polo', 'Zipaquirá', 'academia', '"', '=1+1', ';', 'NaN', '1e400', '0'),
	fc.double({ noNaN: false }).map(String)
);
const grid = fc.array(fc.array(cellText, { minLength: 1, maxLength: 7 }), { minLength: 1, maxLength: 12 });
const delimiter = fc.constantFrom(',', ';', '\t');
const arbitraryMapping = (seed: number[]) => (columns: number) =>
	Object.fromEntries(IMPORT_FIELDS.map((field, i) => [field, seed[i] % (columns + 1)]).filter(([, column]) => (column as number) < columns)) as ColumnMapping;

// Each property imports hundreds of files into a copy of the demo map: seconds, not milliseconds.
describe('the importer never throws an unhandled error', { timeout: 60_000 }, () => {
	it('on arbitrary bytes', async () => {
		await fc.assert(
			fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), fc.constantFrom('a.csv', 'a.geojson', 'a.xlsx', 'a.json', 'a'), async (bytes, name) => {
				await importAnything(bytes, name);
			}),
			{ numRuns: 300 }
		);
	});

	it('on CSV-like text with any column mapping and options', async () => {
		await fc.assert(
			fc.asyncProperty(
				grid,
				delimiter,
				fc.array(fc.nat(20), { minLength: IMPORT_FIELDS.length, maxLength: IMPORT_FIELDS.length }),
				fc.record({ placeByMunicipality: fc.boolean(), fixSwapped: fc.boolean(), createMissing: fc.boolean() }),
				async (rows, sep, seed, options) => {
					const text = rows.map((row) => row.join(sep)).join('\r\n');
					await importAnything(utf8(text), 'a.csv', arbitraryMapping(seed), options);
				}
			),
			{ numRuns: 300 }
		);
	});

	it('on GeoJSON-shaped JSON with arbitrary geometries and properties', async () => {
		const position = fc.oneof(fc.tuple(fc.double(), fc.double()), fc.array(fc.jsonValue(), { maxLength: 3 }));
		const geometry = fc.oneof(
			fc.constant(null),
			fc.record({ type: fc.constantFrom('Point', 'LineString', 'Polygon', 'Nope'), coordinates: fc.oneof(position, fc.array(position, { maxLength: 3 })) })
		);
		const feature = fc.oneof(
			fc.record({
				type: fc.constant('Feature'),
				id: fc.option(fc.oneof(fc.string({ maxLength: 10 }), fc.integer())),
				geometry,
				properties: fc.oneof(fc.constant(null), fc.dictionary(fc.constantFrom('name', 'nombre', 'areas', 'from', 'to', 'kind', 'municipio', 'lat', 'lon', 'x'), fc.jsonValue({ maxDepth: 2 })))
			}),
			fc.jsonValue({ maxDepth: 2 })
		);
		const file = fc.oneof(
			fc.record({ type: fc.constant('FeatureCollection'), features: fc.array(feature, { maxLength: 8 }), tejido: fc.jsonValue({ maxDepth: 3 }) }),
			feature,
			fc.jsonValue({ maxDepth: 3 })
		);
		await fc.assert(
			fc.asyncProperty(file, fc.boolean(), async (json, createMissing) => {
				await importAnything(utf8(JSON.stringify(json)), 'a.geojson', undefined, { createMissing });
			}),
			{ numRuns: 300 }
		);
	});
});

describe('CSV keeps what people typed', { timeout: 60_000 }, () => {
	it('any name, address or description survives export and import, formula-like or not', async () => {
		const text = fc.string({ minLength: 1, maxLength: 40 }).map((s) => s.trim()).filter((s) => s.length > 0);
		await fc.assert(
			fc.asyncProperty(text, text, fc.string({ maxLength: 60 }), async (name, address, description) => {
				const source = new MapDocument();
				source.addAgent({ name, address, description: description.trim(), position: [-74.1, 4.6] });
				const target = new MapDocument();
				const table = await readImportFile(utf8(toCSV(collectExport(source))), 'a.csv');
				const plan = await planImport(table, guessMapping(table.columns), importContext(target));
				applyImport(target, plan);
				expect(target.agents().map((a) => [a.name, a.address, a.description])).toEqual(
					source.agents().map((a) => [a.name, a.address, a.description])
				);
			}),
			{ numRuns: 300 }
		);
	});
});
