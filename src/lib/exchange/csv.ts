/**
 * CSV of an export, made for spreadsheets: UTF-8 with a byte-order mark (without it Excel
 * reads accents as Windows-1252), CRLF line ends, one row per agent with `lon` and `lat`
 * columns, lists joined by "; ". A text cell that starts like a formula (= + - @, tab, CR)
 * gets a leading apostrophe, so a spreadsheet shows it as text instead of running it
 * (OWASP's advice on CSV injection); our import takes that one apostrophe off again.
 */
import type { ExportData } from './export-data.ts';
import type { ExportLabels } from './export-labels.ts';
import { round7 } from './geojson.ts';

export const CSV_COLUMNS = [
	'id',
	'name',
	'sector',
	'lon',
	'lat',
	'municipality',
	'address',
	'areas',
	'niches',
	'networks',
	'projects',
	'tags',
	'website',
	'contact',
	'description'
] as const;
/** A column's stable key: the English header, and the name docs/exchange.md documents. */
export type CsvColumn = (typeof CSV_COLUMNS)[number];

const BOM = '\uFEFF';
// A text that already starts with apostrophes before a formula character gets one more, so
// taking one off on import gives back exactly what was typed.
const FORMULA_START = /^'*[=+\-@\t\r]/;

/** A text cell, neutralised against formulas and quoted when it has to be. */
export function csvCell(value: string, delimiter = ','): string {
	const text = FORMULA_START.test(value) ? `'${value}` : value;
	return text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A coordinate in plain decimal notation (never `1e-7`), at most 7 decimals. */
export function formatCoordinate(value: number): string {
	return round7(value).toFixed(7).replace(/\.?0+$/, '');
}

/** Any table as CSV text, with the same byte-order mark, quoting and neutralisation. */
export function tableCSV(rows: readonly (readonly string[])[], delimiter = ','): string {
	return BOM + rows.map((row) => row.map((cell) => csvCell(cell, delimiter)).join(delimiter)).join('\r\n') + '\r\n';
}

/**
 * One row per agent. Headers are the stable keys unless `labels` gives the UI's words; the
 * importer recognises both, so the file comes back whole either way.
 */
export function toCSV(data: ExportData, options: { labels?: ExportLabels; delimiter?: string } = {}): string {
	const delimiter = options.delimiter ?? ',';
	const columns = CSV_COLUMNS.filter((column) => column !== 'contact' || data.includeContact);
	const header = columns.map((column) => csvCell(options.labels?.column(column) ?? column, delimiter));
	const rows = data.agents.map((agent) =>
		columns
			.map((column) => {
				if (column === 'lon') return formatCoordinate(agent.position[0]);
				if (column === 'lat') return formatCoordinate(agent.position[1]);
				const value = agent[column];
				return csvCell(Array.isArray(value) ? value.join('; ') : value, delimiter);
			})
			.join(delimiter)
	);
	return BOM + [header.join(delimiter), ...rows].join('\r\n') + '\r\n';
}
