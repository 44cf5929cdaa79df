/**
 * Value choices in a planned import: the realistic variants file imports every row whose only
 * problem was spelling with the default choices, leaves doubtful values undecided, applies
 * what the person chose instead, counts the rows a mapping saved, and remembers the choices
 * per map and set of columns.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { seedSmartSpecialisationTemplate } from '../../src/lib/demo/s3-template.ts';
import {
	collectValues,
	importContext,
	initialChoices,
	memoryKey,
	planImport,
	readImportFile,
	recallChoices,
	rememberChoices,
	withChoice,
	guessMapping,
	type ValueChoices
} from '../../src/lib/exchange/index.ts';
import { MapDocument } from '../../src/lib/model/index.ts';
import { matchLabels } from '../../src/lib/ui/import-labels.ts';
import { emptyMapWithCatalogue, utf8, windows1252 } from '../fixtures/exchange/helpers.ts';
import { VARIANT_ROWS, variantsCSV } from '../fixtures/exchange/spelling-variants.ts';

function templateMap(): MapDocument {
	const map = new MapDocument(new Y.Doc(), 'ana');
	seedSmartSpecialisationTemplate(map);
	return map;
}

/** Reads the file and lists its values as the dialog does; the default choices applied. */
async function prepare(map: MapDocument, bytes: Uint8Array, name: string) {
	const table = await readImportFile(bytes, name);
	const mapping = guessMapping(table.columns);
	const context = importContext(map);
	const values = collectValues(table, mapping, context, matchLabels());
	const choices = initialChoices(values, {}, () => true);
	return { table, mapping, context, values, choices };
}

const spelling = VARIANT_ROWS.filter((row) => row.kind === 'spelling').length;
const areaId = (map: MapDocument, name: string) => map.areas().find((a) => a.name === name)!.id;

describe('the realistic variants file (cp1252, “;”, decimal commas)', () => {
	it('imports every row whose only problem was spelling with the default choices, and counts those a mapping saved', async () => {
		const map = templateMap();
		const { table, mapping, context, choices } = await prepare(map, windows1252(variantsCSV()), 'socios.csv');
		expect(table).toMatchObject({ delimiter: ';', encoding: 'windows-1252' });
		const plan = await planImport(table, mapping, context, { values: choices });
		expect(plan.created).toBe(spelling);
		// Only the doubtful and unknown areas are refused, named in the report.
		expect(plan.problems.map((p) => `${p.code}:${p.value}`)).toEqual([
			'unknown-area:Creativa',
			'unknown-area:Sostenible',
			'unknown-area:Servicios',
			'unknown-area:Astrofísica',
			'unknown-area:Turismo cultural'
		]);
		// Thirteen of them were refused before value matching: twelve areas and "Mosqera".
		const before = await planImport(table, mapping, context, {});
		expect(plan.mapped).toBe(13);
		expect(before.created + plan.mapped).toBe(plan.created);
		expect(before.mapped).toBe(0);
		// Sectors all map: no row falls back to "Other" for a sector the file names.
		expect(plan.notes.filter((n) => n.code === 'unknown-sector')).toEqual([]);
		const agents = plan.batch.agents!;
		expect(agents.find((a) => a.name === 'Fintech Sabana')).toMatchObject({ sector: 'private', areaIds: [areaId(map, 'Servicios Empresariales')] });
		expect(agents.find((a) => a.name === 'Banco de Semillas Nativas')).toMatchObject({ municipality: 'Mosquera', position: [-74.2306, 4.7058] });
		expect([...(agents.find((a) => a.name === 'Energía Solar Comunitaria')!.areaIds ?? [])].sort()).toEqual([areaId(map, 'Ciudad-Región Sostenible'), areaId(map, 'Bio-Polo')].sort());
		expect(agents.find((a) => a.name === 'Semillero de Robótica Soacha')!.sector).toBe('academia');
		// Nothing new: no duplicate of an area.
		expect(plan.batch.areas).toEqual([]);
	});

	it('lists doubtful values with their proposal but leaves them undecided', async () => {
		const { values, choices } = await prepare(templateMap(), windows1252(variantsCSV()), 'socios.csv');
		const creativa = values.find((v) => v.field === 'areas' && v.value === 'Creativa')!;
		expect(creativa).toMatchObject({ rows: 1, proposal: { confidence: 'doubtful', candidate: { name: 'Bogotá Región Creativa' } } });
		expect(choices.areas?.Creativa).toBeUndefined();
		// Exact values need no decision and are not listed.
		expect(values.some((v) => v.value === 'Bio-Polo' || v.value === 'Privado' || v.value === 'Chía')).toBe(false);
	});

	it('applies a choice: map a doubtful value, leave one out, create one', async () => {
		const map = templateMap();
		const { table, mapping, context, choices } = await prepare(map, windows1252(variantsCSV()), 'socios.csv');
		let chosen: ValueChoices = withChoice(choices, 'areas', 'Creativa', { action: 'map', id: areaId(map, 'Bogotá Región Creativa') });
		chosen = withChoice(chosen, 'areas', 'Sostenible', { action: 'omit' });
		chosen = withChoice(chosen, 'areas', 'Astrofísica', { action: 'create' });
		const plan = await planImport(table, mapping, context, { values: chosen });
		expect(plan.created).toBe(spelling + 3);
		expect(plan.batch.areas!.map((a) => a.name)).toEqual(['Astrofísica']);
		const agents = plan.batch.agents!;
		expect(agents.find((a) => a.name === 'Taller de Cerámica Ráquira')!.areaIds).toEqual([areaId(map, 'Bogotá Región Creativa')]);
		expect(agents.find((a) => a.name === 'Centro de Sostenibilidad Andina')!.areaIds).toEqual([]);
		expect(plan.mapped).toBe(14);
	});

	it('a choice also works on rows that update agents, and a sector left out keeps theirs', async () => {
		const map = emptyMapWithCatalogue();
		const id = map.addAgent({ name: 'Agente', position: [-74.1, 4.6], sector: 'media' });
		const text = `id,name,lat,lon,sector,areas\n${id},Agente,4.6,-74.1,Periodistas,biopolo\n`;
		const { table, mapping, context, choices } = await prepare(map, utf8(text), 'a.csv');
		const plan = await planImport(table, mapping, context, { values: withChoice(choices, 'sector', 'Periodistas', { action: 'omit' }) });
		expect(plan.batch.agentUpdates).toEqual([{ id, patch: {}, members: { areaIds: [areaId(map, 'Bio-Polo')] } }]);
		expect(plan.notes).toEqual([]);
	});
});

describe('link kinds of a GeoJSON file', () => {
	it('maps the words a file uses for kinds to our codes', async () => {
		const map = new MapDocument();
		const feature = (id: string, lon: number) => ({ type: 'Feature', id, geometry: { type: 'Point', coordinates: [lon, 4.6] }, properties: { name: `Agente ${id}` } });
		const link = (kind: string) => ({ type: 'Feature', geometry: { type: 'LineString', coordinates: [[-74.1, 4.6], [-74.2, 4.6]] }, properties: { from: 'a', to: 'b', kind } });
		const json = { type: 'FeatureCollection', features: [feature('a', -74.1), feature('b', -74.2), link('Convenio marco'), link('Alianza')] };
		const { table, mapping, context, values, choices } = await prepare(map, utf8(JSON.stringify(json)), 'a.geojson');
		expect(values.map((v) => [v.field, v.value, v.proposal.candidate?.id, v.proposal.confidence])).toEqual([
			['linkKind', 'Convenio marco', 'agreement', 'doubtful'],
			['linkKind', 'Alianza', 'partnership', 'normalised']
		]);
		const plan = await planImport(table, mapping, context, { values: withChoice(choices, 'linkKind', 'Convenio marco', { action: 'map', id: 'agreement' }) });
		expect(plan.batch.links!.map((l) => l.kind).sort()).toEqual(['agreement', 'partnership']);
	});
});

describe('remembered choices', () => {
	class MemoryStorage {
		items = new Map<string, string>();
		getItem = (key: string) => this.items.get(key) ?? null;
		setItem = (key: string, value: string) => void this.items.set(key, value);
	}

	it('are kept per map and set of columns, whatever their order and case', () => {
		expect(memoryKey('m1', { columns: ['Nombre', 'Área'] })).toBe(memoryKey('m1', { columns: ['area', 'NOMBRE'] }));
		expect(memoryKey('m1', { columns: ['Nombre', 'Área'] })).not.toBe(memoryKey('m2', { columns: ['Nombre', 'Área'] }));
		expect(memoryKey('m1', { columns: ['Nombre', 'Área'] })).not.toBe(memoryKey('m1', { columns: ['Nombre', 'Área', 'Sector'] }));
	});

	it('come back for the next file, over the defaults, unless they name a value the map no longer has', async () => {
		const storage = new MemoryStorage();
		const map = templateMap();
		const first = await prepare(map, windows1252(variantsCSV()), 'socios.csv');
		const key = memoryKey('map-1', first.table);
		let chosen = withChoice(first.choices, 'areas', 'Creativa', { action: 'map', id: areaId(map, 'Bogotá Región Creativa') });
		chosen = withChoice(chosen, 'areas', 'Sostenible', { action: 'map', id: 'gone' });
		chosen = withChoice(chosen, 'areas', 'Bio Polo', undefined);
		rememberChoices(storage, key, first.values, chosen);

		const next = await prepare(map, windows1252(variantsCSV()), 'socios-2025.csv');
		const valid = (field: string, id: string) => field !== 'areas' || map.areas().some((a) => a.id === id);
		const restored = initialChoices(next.values, recallChoices(storage, key), valid);
		expect(restored.areas?.Creativa).toEqual({ action: 'map', id: areaId(map, 'Bogotá Región Creativa') });
		// A mapping to an area that is gone falls back to the default (undecided for a doubtful value).
		expect(restored.areas?.Sostenible).toBeUndefined();
		// Undecided is remembered too: the clear proposal is not forced back on.
		expect(restored.areas?.['Bio Polo']).toBeUndefined();
		expect(restored.areas?.biopolo).toEqual(first.choices.areas?.biopolo);
	});

	it('survive a damaged entry by starting from the defaults', () => {
		const storage = new MemoryStorage();
		storage.setItem('k', '{not json');
		expect(recallChoices(storage, 'k')).toEqual({});
	});
});
