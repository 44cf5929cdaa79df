/**
 * Files as people really make them, each with the report it must produce: CSVs from Colombian
 * spreadsheets (semicolons, decimal commas, Windows-1252, quoted new lines, trailing empty rows),
 * an XLSX, GeoJSON with awkward features, and malformed files that must be refused with a
 * clear error and change nothing.
 */
import { describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/node';
import {
	ImportError,
	MAX_IMPORT_BYTES,
	guessMapping,
	importContext,
	planImport,
	readImportFile,
	type ImportErrorCode
} from '../../src/lib/exchange/index.ts';
import { MapDocument } from '../../src/lib/model/index.ts';
import { demoMap, importInto, noteList, problemList, utf8, windows1252 } from '../fixtures/exchange/helpers.ts';

describe('CSV as spreadsheets write it', () => {
	it('reads semicolons, decimal commas, Windows-1252 and trailing empty rows (Excel in Spanish)', async () => {
		const text =
			'Nombre;Latitud;Longitud;Municipio;Sector;Área\r\n' +
			'Fundación Café Sabana;4,8617;-74,0589;Chía;Sociedad civil;Bio-Polo\r\n' +
			'Cooperativa Láctea;5,3125;-73,8156;Ubaté;Privado;\r\n' +
			';;;;;\r\n;;;;;\r\n\r\n';
		const map = demoMap();
		const { table, mapping, plan } = await importInto(map, windows1252(text), 'socios.csv', { apply: true });
		expect(table).toMatchObject({ delimiter: ';', encoding: 'windows-1252' });
		expect(mapping).toMatchObject({ name: 0, lat: 1, lon: 2, municipality: 3, sector: 4, areas: 5 });
		expect(plan).toMatchObject({ created: 2, problems: [], notes: [] });
		const cafe = map.agents().find((a) => a.name === 'Fundación Café Sabana')!;
		expect(cafe).toMatchObject({ position: [-74.0589, 4.8617], municipality: 'Chía', sector: 'civil-society' });
		expect(cafe.areaIds).toEqual([map.areas().find((a) => a.name === 'Bio-Polo')!.id]);
		expect(map.agents().find((a) => a.name === 'Cooperativa Láctea')!.sector).toBe('private');
	});

	it('reads commas, decimal points, a UTF-8 byte-order mark and new lines inside quotes', async () => {
		const text =
			'name,lat,lng,municipality,description\n' +
			'"Laboratorio ""Andes""",4.6097,-74.0817,Bogotá,"Primera línea\nsegunda línea, con coma"\n' +
			'Taller Norte,4.75,-74.05,Suba,\n';
		const map = new MapDocument();
		const { table, plan } = await importInto(map, utf8(text, true), 'lab.csv', { apply: true });
		expect(table).toMatchObject({ delimiter: ',', encoding: 'utf-8', columns: ['name', 'lat', 'lng', 'municipality', 'description'] });
		expect(plan).toMatchObject({ created: 2, problems: [] });
		expect(map.agents().find((a) => a.name === 'Laboratorio "Andes"')!.description).toBe('Primera línea\nsegunda línea, con coma');
	});

	it('reads UTF-8 without a byte-order mark, and tabs (Excel "Unicode text" is UTF-16 with tabs)', async () => {
		const plain = await importInto(new MapDocument(), utf8('nombre,latitud,longitud\nÑandú Lab,4.6,-74.1\n'), 'a.csv');
		expect(plain.table.encoding).toBe('utf-8');
		expect(plain.plan.batch.agents![0].name).toBe('Ñandú Lab');
		const utf16 = new Uint8Array([0xff, 0xfe, ...new Uint8Array(new Uint16Array([...'nombre\tlat\tlon\r\nÑandú\t4,6\t-74,1\r\n'].map((c) => c.charCodeAt(0))).buffer)]);
		const unicode = await importInto(new MapDocument(), utf16, 'a.txt');
		expect(unicode.table).toMatchObject({ encoding: 'utf-16le', delimiter: '\t' });
		expect(unicode.plan.batch.agents![0]).toMatchObject({ name: 'Ñandú', position: [-74.1, 4.6] });
	});

	it('reports every row it cannot import, and why, before writing anything', async () => {
		const map = demoMap();
		const known = map.agents().find((a) => a.municipality)!;
		const text = [
			'name,lat,lon,municipality,sector,areas',
			'Coordenadas ilegibles,abc,-74.1,,,',
			'Fuera de rango,95.2,-74.1,,,',
			'Invertida,-74.0817,4.6097,Bogotá,,',
			'Ubicada por municipio,,,Zipaquirá,,',
			'Municipio desconocido,,,Gotham,,',
			'Sin nada,,,,,',
			',4.6,-74.1,,,',
			'Área rara,4.6,-74.1,,,Astrofísica marciana',
			`"${known.name}",${known.position[1]},${known.position[0]},${known.municipality},,`,
			'Repetida,4.65,-74.06,Chapinero,,',
			'Repetida,4.6501,-74.0601,Chapinero,,',
			'Sector raro,4.61,-74.11,,Astronautas,',
			'Cero,0,0,,,',
			'Solo latitud,4.6,,,,'
		].join('\n');
		const before = map.toCanonicalJSON();
		const { plan } = await importInto(map, utf8(text), 'problemas.csv');
		expect(problemList(plan)).toEqual([
			'2:invalid-coordinates',
			'3:out-of-range',
			'4:swapped',
			'6:unknown-municipality',
			'7:no-position',
			'8:no-name',
			'9:unknown-area',
			'10:duplicate-existing',
			'12:duplicate-in-file',
			'14:invalid-coordinates',
			'15:invalid-coordinates'
		]);
		expect(plan.problems.find((p) => p.row === 9)!.value).toBe('Astrofísica marciana');
		expect(plan.problems.find((p) => p.row === 10)!.value).toBe(known.name);
		expect(plan.problems.find((p) => p.row === 12)!.value).toBe('11');
		expect(noteList(plan)).toEqual(['5:placed-by-municipality', '13:unknown-sector']);
		expect(plan).toMatchObject({ created: 3, updated: 0, swapped: 1, unknownNames: 1 });
		expect(plan.batch.agents!.find((a) => a.name === 'Ubicada por municipio')!.position).toEqual([-74.0048, 5.0221]);
		expect(map.toCanonicalJSON()).toBe(before);
	});

	it('swaps latitude and longitude back when asked, and creates unknown areas when asked', async () => {
		const text = 'name,lat,lon,municipality,areas\nInvertida,-74.0817,4.6097,Bogotá,\nÁrea rara,4.6,-74.1,,Astrofísica\n';
		const map = demoMap();
		const { plan } = await importInto(map, utf8(text), 'a.csv', { fixSwapped: true, createMissing: true, apply: true });
		expect(plan).toMatchObject({ created: 2, problems: [], newEntries: { areas: ['Astrofísica'] } });
		expect(noteList(plan)).toEqual(['2:swap-fixed']);
		expect(map.agents().find((a) => a.name === 'Invertida')!.position).toEqual([-74.0817, 4.6097]);
	});

	it('says where a quote is never closed', async () => {
		const { plan } = await importInto(new MapDocument(), utf8('name,lat,lon\nBien,4.6,-74.1\n"Mal,4.7,-74.2\nOtra,4.8,-74.3\n'), 'q.csv');
		expect(noteList(plan)).toContain('3:unclosed-quote');
	});
});

describe('a large file', () => {
	it('is checked in chunks with a pause between them, reporting its progress (10,000 rows)', async () => {
		const rows = Array.from({ length: 10_000 }, (_, i) => `Empresa ${i};4,${6000 + (i % 3000)};-74,${1000 + i}`);
		const table = await readImportFile(windows1252(['Nombre;Latitud;Longitud', ...rows].join('\r\n')), 'grande.csv');
		const progress: number[] = [];
		let pauses = 0;
		const plan = await planImport(table, guessMapping(table.columns), importContext(new MapDocument()), {}, {
			onProgress: (done, total) => {
				expect(total).toBe(10_000);
				progress.push(done);
			},
			pause: async () => {
				pauses++;
			}
		});
		expect(progress).toEqual(Array.from({ length: 20 }, (_, i) => (i + 1) * 500));
		expect(pauses).toBe(20);
		expect(plan).toMatchObject({ created: 10_000, problems: [] });
	});
});

describe('XLSX', () => {
	it('reads the first sheet of a workbook: numbers stay numbers, empty cells stay empty', async () => {
		const sheet = [
			[{ value: 'Nombre' }, { value: 'Latitud' }, { value: 'Longitud' }, { value: 'Municipio' }],
			[{ value: 'Planta Piloto' }, { value: 4.8617 }, { value: -74.0589 }, { value: 'Chía' }],
			[{ value: 'Sin coordenadas' }, null, null, { value: 'Facatativá' }],
			[{ value: 'Invertida' }, { value: -74.08 }, { value: 4.6 }, null]
		];
		const bytes = new Uint8Array(await writeXlsxFile(sheet).toBuffer());
		const map = new MapDocument();
		const { table, plan } = await importInto(map, bytes, 'socios.xlsx', { apply: true });
		expect(table.format).toBe('xlsx');
		expect(problemList(plan)).toEqual(['4:swapped']);
		expect(noteList(plan)).toEqual(['3:placed-by-municipality']);
		expect(map.agents().map((a) => [a.name, a.position]).sort()).toEqual([
			['Planta Piloto', [-74.0589, 4.8617]],
			['Sin coordenadas', [-74.3547, 4.8139]]
		]);
	});
});

describe('GeoJSON with awkward features', () => {
	it('imports the points and reports every other feature', async () => {
		const collection = {
			type: 'FeatureCollection',
			features: [
				{ type: 'Feature', id: 'a1', geometry: { type: 'Point', coordinates: [-74.08, 4.6] }, properties: { nombre: 'Punto bueno' } },
				{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[-74, 4], [-74.1, 4], [-74, 4.1], [-74, 4]]] }, properties: { nombre: 'Zona' } },
				{ type: 'Feature', geometry: { type: 'Point', coordinates: ['x', 4] }, properties: { nombre: 'Coordenada rota' } },
				{ type: 'Feature', geometry: null, properties: { nombre: 'Sin geometría', municipio: 'Cota' } },
				{ type: 'Feature', geometry: { type: 'LineString', coordinates: [[-74.08, 4.6], [-74, 4.7]] }, properties: { from: 'a1', to: 'zz', kind: 'funding' } },
				{ type: 'Feature', geometry: { type: 'Point', coordinates: [4.6, -74.08] }, properties: { nombre: 'Invertido' } },
				'not a feature'
			]
		};
		const map = new MapDocument();
		const { table, plan } = await importInto(map, utf8(JSON.stringify(collection)), 'capa.geojson', { apply: true });
		expect(table.columns).toEqual(['id', 'nombre', 'municipio']);
		expect(problemList(plan)).toEqual(['2:wrong-geometry', '3:invalid-coordinates', '5:link-unknown-agent', '6:swapped', '7:wrong-geometry']);
		expect(noteList(plan)).toEqual(['4:placed-by-municipality']);
		expect(map.agents().map((a) => a.name).sort()).toEqual(['Punto bueno', 'Sin geometría']);
		expect(map.agent('a1')).not.toBeNull();
	});
});

// A deterministic stream of bytes that looks like nothing.
function garbage(length: number, seed = 7): Uint8Array {
	const bytes = new Uint8Array(length);
	let state = seed;
	for (let i = 0; i < length; i++) {
		state = (state * 1103515245 + 12345) >>> 0;
		bytes[i] = state >>> 24;
	}
	return bytes;
}

describe('malformed files are refused with a clear error and change nothing', () => {
	const cases: [string, string, Uint8Array, ImportErrorCode][] = [
		['broken JSON', 'a.geojson', utf8('{"type":"FeatureCollection","features":[{"type":"Feature",'), 'broken-json'],
		['only polygons', 'zonas.geojson', utf8(JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [] }, properties: {} }] })), 'wrong-geometry'],
		['a bare geometry', 'p.geojson', utf8('{"type":"Point","coordinates":[-74,4.6]}'), 'wrong-geometry'],
		['JSON that is not GeoJSON', 'datos.json', utf8('{"hello":"world"}'), 'not-geojson'],
		['a FeatureCollection without features', 'x.geojson', utf8('{"type":"FeatureCollection"}'), 'not-geojson'],
		['an empty FeatureCollection', 'x.geojson', utf8('{"type":"FeatureCollection","features":[]}'), 'no-rows'],
		['binary garbage', 'datos.csv', garbage(4096), 'binary'],
		['a PNG renamed to .csv', 'foto.csv', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...garbage(512, 3)]), 'binary'],
		['a file over the size limit', 'enorme.csv', new Uint8Array(MAX_IMPORT_BYTES + 1).fill(0x61), 'too-large'],
		['an empty file', 'vacio.csv', new Uint8Array(0), 'empty'],
		['only blank space', 'blanco.csv', utf8(' \r\n\r\n  '), 'empty'],
		['an old .xls workbook', 'viejo.xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...garbage(600)]), 'legacy-xls'],
		['a damaged .xlsx', 'roto.xlsx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...garbage(600)]), 'broken-xlsx'],
		['a header without rows', 'solo.csv', utf8('name,lat,lon\r\n\r\n'), 'no-rows']
	];

	it.each(cases)('%s', async (_, fileName, bytes, code) => {
		const map = demoMap();
		const before = map.toCanonicalJSON();
		const failure = await importInto(map, bytes, fileName, { apply: true }).then(
			() => null,
			(error: unknown) => error
		);
		expect(failure).toBeInstanceOf(ImportError);
		expect((failure as ImportError).code).toBe(code);
		expect(map.toCanonicalJSON()).toBe(before);
	});
});
