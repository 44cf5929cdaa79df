/**
 * Reads a GeoJSON file into the same table a spreadsheet gives: one row per Point feature,
 * its properties as columns, its position kept aside. LineStrings with `from`/`to` (as our
 * export writes links) become links; the catalogue our export carries comes along.
 */
import { LINK_KINDS, NETWORK_KINDS, PROJECT_STATUSES, type LinkKind } from '../model/index.ts';
import { EXPORT_MEMBER } from './geojson.ts';
import { ImportError, type FileCatalogue, type ImportLinkRow, type ImportTable, type RowProblem } from './types.ts';
import type { Cell } from './values.ts';

const GEOMETRIES = ['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection'];
const MAX_COLUMNS = 200;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export function readGeoJSON(text: string): ImportTable {
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (error) {
		throw new ImportError('broken-json', 'the file is not valid JSON', { detail: String((error as Error).message).slice(0, 200) });
	}
	const features = featuresOf(data);
	const columns: string[] = [];
	const seen = new Set<string>();
	const addColumn = (key: string) => {
		if (!seen.has(key) && columns.length < MAX_COLUMNS) {
			seen.add(key);
			columns.push(key);
		}
	};
	const points: { label: number; feature: Json; position: readonly [number, number] | null | 'invalid' }[] = [];
	const links: ImportLinkRow[] = [];
	const rejected: RowProblem[] = [];
	features.forEach((feature, index) => {
		const label = index + 1;
		if (!isObject(feature) || feature.type !== 'Feature') {
			rejected.push({ row: label, code: 'wrong-geometry', value: describeType(feature) });
			return;
		}
		const geometry = feature.geometry;
		const properties = isObject(feature.properties) ? feature.properties : {};
		if (geometry === null || geometry === undefined) {
			points.push({ label, feature, position: null });
		} else if (isObject(geometry) && geometry.type === 'Point') {
			points.push({ label, feature, position: pointPosition(geometry.coordinates) });
		} else if (isObject(geometry) && geometry.type === 'LineString' && isEnd(properties.from) && isEnd(properties.to)) {
			links.push(linkRow(label, properties));
			return;
		} else {
			rejected.push({ row: label, code: 'wrong-geometry', value: describeType(geometry) });
			return;
		}
		if (feature.id !== undefined && feature.id !== null) addColumn('id');
		for (const key of Object.keys(properties)) if (key !== 'entity') addColumn(key);
	});
	if (points.length === 0 && links.length === 0 && rejected.length > 0) {
		const types = [...new Set(rejected.map((problem) => problem.value))].join(', ');
		throw new ImportError('wrong-geometry', 'no feature is a point', { types });
	}
	const rows = points.map(({ feature }) => {
		const properties = isObject(feature.properties) ? feature.properties : {};
		return columns.map((key) =>
			key === 'id' && !('id' in properties) ? toCell(feature.id) : toCell(properties[key])
		);
	});
	return {
		format: 'geojson',
		columns,
		rows,
		labels: points.map((point) => point.label),
		positions: points.map((point) => point.position),
		links,
		catalogue: readCatalogue(isObject(data) ? data[EXPORT_MEMBER] : undefined),
		rejected,
		notes: []
	};
}

function featuresOf(data: unknown): unknown[] {
	if (isObject(data) && data.type === 'FeatureCollection') {
		if (!Array.isArray(data.features)) throw new ImportError('not-geojson', 'a FeatureCollection without features', { found: 'FeatureCollection' });
		return data.features;
	}
	if (isObject(data) && data.type === 'Feature') return [data];
	const found = isObject(data) && typeof data.type === 'string' ? data.type.slice(0, 40) : Array.isArray(data) ? 'array' : typeof data;
	if (GEOMETRIES.includes(found)) throw new ImportError('wrong-geometry', 'a bare geometry, not features', { types: found });
	throw new ImportError('not-geojson', 'not a GeoJSON FeatureCollection', { found });
}

function pointPosition(coordinates: unknown): readonly [number, number] | 'invalid' {
	if (!Array.isArray(coordinates) || coordinates.length < 2) return 'invalid';
	const [lon, lat] = coordinates;
	return typeof lon === 'number' && typeof lat === 'number' && Number.isFinite(lon) && Number.isFinite(lat) ? [lon, lat] : 'invalid';
}

function isEnd(value: unknown): value is string | number {
	return (typeof value === 'string' && value.length > 0) || (typeof value === 'number' && Number.isFinite(value));
}

function linkRow(row: number, properties: Json): ImportLinkRow {
	const kind = typeof properties.kind === 'string' && (LINK_KINDS as readonly string[]).includes(properties.kind) ? (properties.kind as LinkKind) : null;
	const written = typeof properties.kind === 'string' ? properties.kind.trim().slice(0, 80) : '';
	const weight = typeof properties.weight === 'number' && Number.isFinite(properties.weight) ? properties.weight : null;
	return {
		row,
		from: String(properties.from),
		to: String(properties.to),
		kind,
		...(written && !kind && { kindText: written }),
		weight,
		note: typeof properties.note === 'string' ? properties.note : '',
		since: typeof properties.since === 'string' ? properties.since : ''
	};
}

function toCell(value: unknown): Cell {
	if (typeof value === 'string' || typeof value === 'boolean') return value;
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (Array.isArray(value)) {
		return value.filter((item) => ['string', 'number', 'boolean'].includes(typeof item)).map((item) => String(item));
	}
	return null;
}

function describeType(value: unknown): string {
	if (isObject(value) && typeof value.type === 'string') return value.type.slice(0, 40);
	return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/** The catalogue of our own export, read leniently: a malformed entry is left out. */
function readCatalogue(member: unknown): FileCatalogue | null {
	if (!isObject(member) || !isObject(member.catalogue)) return null;
	const list = (key: string) => (Array.isArray((member.catalogue as Json)[key]) ? ((member.catalogue as Json)[key] as unknown[]).filter(isObject) : []);
	const text = (value: unknown) => (typeof value === 'string' ? value.trim().slice(0, 200) : '');
	const color = (value: unknown) => (typeof value === 'string' && /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(value) ? value : '#888888');
	const choice = <T extends string>(value: unknown, choices: readonly T[], fallback: T): T =>
		typeof value === 'string' && (choices as readonly string[]).includes(value) ? (value as T) : fallback;
	return {
		areas: list('areas').map((a) => ({ name: text(a.name), color: color(a.color) })).filter((a) => a.name),
		niches: list('niches').map((n) => ({ name: text(n.name), area: text(n.area) })).filter((n) => n.name && n.area),
		networks: list('networks')
			.map((n) => ({ name: text(n.name), kind: choice(n.kind, NETWORK_KINDS, 'other'), color: color(n.color) }))
			.filter((n) => n.name),
		projects: list('projects')
			.map((p) => ({ name: text(p.name), niche: text(p.niche), status: choice(p.status, PROJECT_STATUSES, 'idea') }))
			.filter((p) => p.name && p.niche)
	};
}
