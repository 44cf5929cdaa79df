/**
 * From the bytes of a dropped file to a table of rows: CSV (papaparse), XLSX (read-excel-file)
 * or GeoJSON. Nothing here knows the map; `planImport` decides what the rows mean. A file that
 * cannot be read at all raises an `ImportError`; rows that are merely wrong are kept for the
 * report.
 */
import Papa from 'papaparse';
import { readSheet } from 'read-excel-file/universal';
import { sniff } from './decode.ts';
import { readGeoJSON } from './read-geojson.ts';
import { ImportError, type ImportTable, type RowNote } from './types.ts';
import type { Cell } from './values.ts';

export const MAX_IMPORT_ROWS = 50_000;

export async function readImportFile(bytes: Uint8Array, fileName = ''): Promise<ImportTable> {
	const file = sniff(bytes, fileName);
	const table =
		file.format === 'xlsx'
			? await readXlsx(bytes)
			: file.format === 'geojson'
				? readGeoJSON(file.text)
				: { ...readCsv(file.text), encoding: file.encoding };
	if (table.rows.length === 0 && table.links.length === 0 && table.rejected.length === 0) {
		throw new ImportError('no-rows', 'the file has a header but no rows');
	}
	if (table.rows.length > MAX_IMPORT_ROWS) {
		throw new ImportError('too-many-rows', 'too many rows', { rows: table.rows.length, limit: MAX_IMPORT_ROWS });
	}
	return table;
}

export function readCsv(text: string): ImportTable {
	const parsed = Papa.parse<string[]>(text, { delimiter: detectDelimiter(text), skipEmptyLines: false });
	const notes: RowNote[] = parsed.errors
		.filter((error) => error.code === 'MissingQuotes')
		.map((error) => ({ row: (error.row ?? 0) + 1, code: 'unclosed-quote' }));
	return { ...fromGrid(parsed.data, 'csv'), notes, delimiter: parsed.meta.delimiter };
}

const DELIMITERS = [',', ';', '\t', '|'] as const;

/**
 * The separator is the one the header row uses most. The header decides because data rows
 * mislead: decimal commas, lists in one cell, and a trailing blank line that papaparse's own
 * guess counts as a row of one field (it then picks "|" for a comma file with "||" in a cell).
 */
export function detectDelimiter(text: string): string {
	const header = text.replace(/^[\s\uFEFF]+/, '').split(/\r\n|\n|\r/, 1)[0] ?? '';
	const unquoted = header.replace(/"[^"]*"/g, '');
	let best: string = DELIMITERS[0];
	let most = 0;
	for (const delimiter of DELIMITERS) {
		const count = unquoted.split(delimiter).length - 1;
		if (count > most) [best, most] = [delimiter, count];
	}
	return best;
}

async function readXlsx(bytes: Uint8Array): Promise<ImportTable> {
	let grid: unknown[][];
	try {
		const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
		grid = await readSheet(buffer);
	} catch (error) {
		throw new ImportError('broken-xlsx', 'the spreadsheet could not be read', { detail: String(error).slice(0, 200) });
	}
	return fromGrid(
		grid.map((row) => row.map(spreadsheetCell)),
		'xlsx'
	);
}

function spreadsheetCell(value: unknown): Cell {
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
	if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
	return null;
}

/** The first non-blank row is the header; blank rows (trailing ones included) are dropped. */
function fromGrid(grid: Cell[][], format: 'csv' | 'xlsx'): ImportTable {
	const blank = (row: Cell[]) => row.every((cell) => cell === null || (typeof cell === 'string' && cell.trim() === ''));
	const headerIndex = grid.findIndex((row) => !blank(row));
	const header = headerIndex >= 0 ? grid[headerIndex] : [];
	const columns = header.map((cell, i) => (cell === null || String(cell).trim() === '' ? `#${i + 1}` : String(cell).trim()));
	const rows: Cell[][] = [];
	const labels: number[] = [];
	for (let i = headerIndex + 1; headerIndex >= 0 && i < grid.length; i++) {
		if (blank(grid[i])) continue;
		rows.push(grid[i]);
		labels.push(i + 1);
	}
	const width = Math.max(columns.length, ...rows.slice(0, 1000).map((row) => row.length));
	for (let i = columns.length; i < width; i++) columns.push(`#${i + 1}`);
	return { format, columns, rows, labels, links: [], catalogue: null, rejected: [], notes: [] };
}
