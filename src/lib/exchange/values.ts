/**
 * Reading the values people put in spreadsheet cells: numbers with a decimal comma, sectors
 * written in Spanish, lists in one cell, cells neutralised against formula injection.
 */
import { SECTORS, type Sector } from '../model/index.ts';

/** A cell as read from a CSV, a spreadsheet or GeoJSON properties. */
export type Cell = string | number | boolean | null | readonly string[];

/** Accent-, case- and punctuation-insensitive form of a name, for matching. */
export function normalizeKey(text: string): string {
	return text
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim();
}

/** What a CSV export writes before a cell that a spreadsheet would run as a formula. */
const NEUTRALISED = /^'+[=+\-@\t\r]/;

/** A cell as text, with the quote our CSV export adds against formulas taken off again. */
export function cellText(cell: Cell | undefined): string {
	if (cell === null || cell === undefined) return '';
	if (typeof cell === 'string') {
		// Undo before trimming: the neutralised cell may be an apostrophe and a tab.
		return (NEUTRALISED.test(cell) ? cell.slice(1) : cell).trim();
	}
	if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
	if (typeof cell === 'boolean') return cell ? 'true' : 'false';
	return cell.map((item) => cellText(item)).filter(Boolean).join('; ');
}

/** The items of a list cell: an array (GeoJSON) or text separated by `;`, `|` or new lines. */
export function cellList(cell: Cell | undefined): string[] {
	const items = Array.isArray(cell) ? cell.map((item) => cellText(item)) : cellText(cell as Cell).split(/[;|\n]/);
	return [...new Set(items.map((item) => item.trim()).filter(Boolean))];
}

/**
 * A number from a cell: `4.6097`, `4,6097` (decimal comma), `−74.08` (a typographic minus).
 * `null` for an empty cell, `NaN` for anything that is not one plain number (`4.609.700`,
 * `4°36'N`), so the report can say which value it could not read.
 */
export function cellNumber(cell: Cell | undefined): number | null {
	if (typeof cell === 'number') return Number.isFinite(cell) ? cell : Number.NaN;
	const text = cellText(cell).replace(/\u2212/g, '-').replace(/\s+/g, '');
	if (text === '') return null;
	const decimal = !text.includes('.') && (text.match(/,/g) ?? []).length === 1 ? text.replace(',', '.') : text;
	return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(decimal) ? Number(decimal) : Number.NaN;
}

// How people write sectors in the region's spreadsheets, besides our own ids.
export const SECTOR_WORDS: Record<string, Sector> = {
	publico: 'public',
	'sector publico': 'public',
	'entidad publica': 'public',
	'administracion publica': 'public',
	gobierno: 'public',
	'gobierno local': 'public',
	alcaldia: 'public',
	gobernacion: 'public',
	ministerio: 'public',
	government: 'public',
	estado: 'public',
	privado: 'private',
	'sector privado': 'private',
	empresa: 'private',
	'empresa privada': 'private',
	empresas: 'private',
	gremio: 'private',
	'camara de comercio': 'private',
	startup: 'private',
	company: 'private',
	business: 'private',
	industria: 'private',
	academia: 'academia',
	academico: 'academia',
	universidad: 'academia',
	universidades: 'academia',
	'sector academico': 'academia',
	'institucion educativa': 'academia',
	university: 'academia',
	investigacion: 'research',
	'centro de investigacion': 'research',
	'instituto de investigacion': 'research',
	'centro de desarrollo tecnologico': 'research',
	'centro de innovacion': 'research',
	'sociedad civil': 'civil-society',
	'civil society': 'civil-society',
	ong: 'civil-society',
	ngo: 'civil-society',
	fundacion: 'civil-society',
	asociacion: 'civil-society',
	'organizacion social': 'civil-society',
	'organizacion no gubernamental': 'civil-society',
	internacional: 'international',
	cooperacion: 'international',
	'cooperacion internacional': 'international',
	'organismo internacional': 'international',
	'agencia de cooperacion': 'international',
	embajada: 'international',
	medios: 'media',
	'medios de comunicacion': 'media',
	prensa: 'media',
	'medio de comunicacion': 'media',
	periodico: 'media',
	otro: 'other',
	otros: 'other'
};
for (const sector of SECTORS) SECTOR_WORDS[normalizeKey(sector)] = sector;

/** The sector a cell names, `undefined` for an empty cell, `null` when it names none we know. */
export function cellSector(cell: Cell | undefined): Sector | null | undefined {
	const key = normalizeKey(cellText(cell));
	if (!key) return undefined;
	return SECTOR_WORDS[key] ?? null;
}

/** Great-circle distance in kilometres, good enough to compare places a few km apart. */
export function distanceKm(a: readonly [number, number], b: readonly [number, number]): number {
	const rad = Math.PI / 180;
	const dLat = (b[1] - a[1]) * rad;
	const dLon = (b[0] - a[0]) * rad;
	const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
	return 12742 * Math.asin(Math.min(1, Math.sqrt(h)));
}
