/**
 * The distinct values of a file's columns that name things of the map (areas, niches,
 * networks, projects, sectors, municipalities, link kinds), each with how many rows use it
 * and the map's value proposed for it. A value written exactly as the map writes it is left
 * out: only what needs a decision is listed.
 */
import { PLACES, findPlace } from '../geo/places.ts';
import { LINK_KINDS, SECTORS, type LinkKind, type Sector } from '../model/index.ts';
import type { ColumnMapping } from './columns.ts';
import type { ImportTable } from './types.ts';
import { prepareCandidates, proposeMatch, type Candidate, type Proposal } from './value-match.ts';
import { SECTOR_WORDS, cellList, cellText, normalizeKey } from './values.ts';

export type MatchField = 'areas' | 'niches' | 'networks' | 'projects' | 'sector' | 'municipality' | 'linkKind';
export const MATCH_FIELDS: readonly MatchField[] = ['areas', 'niches', 'networks', 'projects', 'sector', 'municipality', 'linkKind'];

/** The names of sectors and link kinds in every language of the UI, from its catalogues. */
export interface MatchLabels {
	sector: Record<Sector, readonly string[]>;
	linkKind: Record<LinkKind, readonly string[]>;
}

export interface MatchCatalogue {
	areas: readonly { id: string; name: string }[];
	niches: readonly { id: string; name: string }[];
	networks: readonly { id: string; name: string }[];
	projects: readonly { id: string; name: string }[];
}

export interface ValueRow {
	field: MatchField;
	/** The value as the file writes it (trimmed): the key of its choice. */
	value: string;
	/** Rows (or GeoJSON links) that use it. */
	rows: number;
	proposal: Proposal;
	/** The file's own catalogue (a Tejido export) defines it: by default it is created from there. */
	inFile: boolean;
}

// Words for link kinds besides their labels: how partners describe a relation.
const LINK_WORDS: Record<string, LinkKind> = {
	alianza: 'partnership',
	colaboracion: 'partnership',
	cooperacion: 'partnership',
	socio: 'partnership',
	financiacion: 'funding',
	financiamiento: 'funding',
	cofinanciacion: 'funding',
	acuerdo: 'agreement',
	convenio: 'agreement',
	contrato: 'agreement',
	membresia: 'membership',
	miembro: 'membership',
	afiliacion: 'membership',
	'transferencia de conocimiento': 'knowledge-transfer',
	'transferencia tecnologica': 'knowledge-transfer',
	proveeduria: 'supply',
	proveedor: 'supply',
	suministro: 'supply',
	otro: 'other'
};

function wordsFor<T extends string>(words: Record<string, T>, id: T): string[] {
	return Object.entries(words)
		.filter(([, value]) => value === id)
		.map(([word]) => word);
}

/** The map's values a column can name, each with the names that count as written exactly. */
export function candidatesFor(field: MatchField, catalogue: MatchCatalogue, labels: MatchLabels): { candidates: Candidate[]; exact: Set<string> } {
	const plain = (items: readonly { id: string; name: string }[]) => ({
		candidates: items.map((item) => ({ id: item.id, name: item.name })),
		exact: new Set(items.map((item) => item.name))
	});
	if (field === 'sector') {
		const candidates = SECTORS.map((id) => ({ id, name: labels.sector[id][0] ?? id, aliases: [id, ...labels.sector[id], ...wordsFor(SECTOR_WORDS, id)] }));
		return { candidates, exact: new Set(SECTORS.flatMap((id) => [id, ...labels.sector[id]])) };
	}
	if (field === 'linkKind') {
		const candidates = LINK_KINDS.map((id) => ({ id, name: labels.linkKind[id][0] ?? id, aliases: [id, ...labels.linkKind[id], ...wordsFor(LINK_WORDS, id)] }));
		// Only our codes are read by themselves; a label ("Alianza") goes through a choice.
		return { candidates, exact: new Set<string>(LINK_KINDS) };
	}
	if (field === 'municipality') return plain(PLACES.map((place) => ({ id: place.name, name: place.name })));
	return plain(catalogue[field]);
}

/** The distinct values of a mapped column, with how many rows use each. */
function countValues(table: ImportTable, mapping: ColumnMapping, field: MatchField): Map<string, number> {
	const counts = new Map<string, number>();
	const add = (value: string) => counts.set(value, (counts.get(value) ?? 0) + 1);
	if (field === 'linkKind') {
		for (const link of table.links) if (link.kindText) add(link.kindText);
		return counts;
	}
	const column = mapping[field];
	if (column === undefined) return counts;
	for (const row of table.rows) {
		const cell = row[column];
		if (field === 'sector' || field === 'municipality') {
			const text = cellText(cell);
			if (text) add(text);
		} else for (const item of cellList(cell)) add(item);
	}
	return counts;
}

function inFileCatalogue(table: ImportTable, field: MatchField, value: string): boolean {
	const file = table.catalogue;
	if (!file || !(field === 'areas' || field === 'niches' || field === 'networks' || field === 'projects')) return false;
	const key = normalizeKey(value);
	return (file[field] as readonly { name: string }[]).some((entry) => normalizeKey(entry.name) === key);
}

/** Every value of the file that the map does not write exactly so, with its proposal. */
export function collectValues(table: ImportTable, mapping: ColumnMapping, catalogue: MatchCatalogue, labels: MatchLabels): ValueRow[] {
	const rows: ValueRow[] = [];
	for (const field of MATCH_FIELDS) {
		const counts = countValues(table, mapping, field);
		if (counts.size === 0) continue;
		const { candidates, exact } = candidatesFor(field, catalogue, labels);
		const prepared = prepareCandidates(candidates);
		for (const [value, count] of counts) {
			if (exact.has(value)) continue;
			let proposal = proposeMatch(value, prepared);
			// The gazetteer's own other names ("Bogotá D.C.") are certain.
			const place = field === 'municipality' ? findPlace(value) : undefined;
			if (place) proposal = { candidate: { id: place.name, name: place.name }, score: 1, confidence: 'normalised' };
			rows.push({ field, value, rows: count, proposal, inFile: inFileCatalogue(table, field, value) });
		}
	}
	return rows;
}
