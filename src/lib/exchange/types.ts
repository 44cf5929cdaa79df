/** The shapes that travel between reading a file, planning an import and showing its report. */
import type { LinkKind, NetworkKind, ProjectStatus } from '../model/index.ts';
import type { Cell } from './values.ts';

export type ImportFormat = 'csv' | 'geojson' | 'xlsx';

/** Why a whole file cannot be imported. Nothing has been written when one of these is raised. */
export type ImportErrorCode =
	| 'too-large'
	| 'empty'
	| 'binary'
	| 'legacy-xls'
	| 'broken-xlsx'
	| 'broken-json'
	| 'not-geojson'
	| 'wrong-geometry'
	| 'no-rows'
	| 'too-many-rows';

export class ImportError extends Error {
	readonly code: ImportErrorCode;
	/** Values for the user's message: a size, a limit, the geometry types found, a parser's words. */
	readonly params: Record<string, string | number>;
	constructor(code: ImportErrorCode, message: string, params: Record<string, string | number> = {}) {
		super(message);
		this.name = 'ImportError';
		this.code = code;
		this.params = params;
	}
}

/** Why one row is not imported. */
export type RowProblemCode =
	| 'no-name'
	| 'invalid-coordinates'
	| 'out-of-range'
	| 'swapped'
	| 'no-position'
	| 'unknown-municipality'
	| 'unknown-area'
	| 'unknown-niche'
	| 'unknown-network'
	| 'unknown-project'
	| 'duplicate-existing'
	| 'duplicate-in-file'
	| 'wrong-geometry'
	| 'link-unknown-agent'
	| 'link-to-itself';

/** Something worth telling about a row that is imported anyway. */
export type RowNoteCode = 'placed-by-municipality' | 'swap-fixed' | 'unknown-sector' | 'text-cut' | 'unclosed-quote';

export interface RowProblem<Code extends string = RowProblemCode> {
	/** The row a person sees in the sheet (the header is row 1), or the feature's number in a GeoJSON file. */
	row: number;
	code: Code;
	/** The value at fault, or what the row duplicates, as text to show. */
	value?: string;
}
export type RowNote = RowProblem<RowNoteCode>;

/** A link read from a GeoJSON LineString feature, its ends named by the file's agent ids. */
export interface ImportLinkRow {
	row: number;
	from: string;
	to: string;
	kind: LinkKind | null;
	/** The kind as the file writes it, when it is not one of our codes ("Alianza", "convenio"). */
	kindText?: string;
	weight: number | null;
	note: string;
	since: string;
}

/** The areas, niches, networks and projects a Tejido GeoJSON export carries, by name. */
export interface FileCatalogue {
	areas: { name: string; color: string }[];
	niches: { name: string; area: string }[];
	networks: { name: string; kind: NetworkKind; color: string }[];
	projects: { name: string; niche: string; status: ProjectStatus }[];
}

export interface ImportTable {
	format: ImportFormat;
	columns: string[];
	rows: Cell[][];
	/** For each row, the number a person sees (see `RowProblem.row`). */
	labels: number[];
	/**
	 * GeoJSON only: each row's Point; `null` for a feature without geometry (placed like a row
	 * without coordinates), `'invalid'` when its coordinates are not a position.
	 */
	positions?: (readonly [number, number] | null | 'invalid')[];
	links: ImportLinkRow[];
	catalogue: FileCatalogue | null;
	/** Features that cannot become agents at all (a polygon, a line that is not a link). */
	rejected: RowProblem[];
	/** Remarks about reading the file, such as a quote that is never closed. */
	notes: RowNote[];
	/** CSV only: the separator and the text encoding that were detected. */
	delimiter?: string;
	encoding?: string;
}
