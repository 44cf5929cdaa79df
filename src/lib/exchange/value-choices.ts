/**
 * What the person decided for each value of the file that the map does not write exactly so:
 * map it to one of the map's values, create it as a new one, or leave it out of the rows. A
 * value without a choice is undecided: the import does what it did before value matching
 * (a name the map lacks refuses its row, an unknown sector becomes Other).
 *
 * The defaults apply clear proposals only. A doubtful one is shown but left undecided: an
 * agent filed under the wrong area looks right and stays wrong, while a refused row is listed
 * in the report and fixed with one choice in the table.
 *
 * Choices are remembered per map and per set of columns in the browser's storage: they are
 * one person's clean-up of one kind of file, not content of the map that the team shares.
 */
import type { ImportTable } from './types.ts';
import type { MatchField, ValueRow } from './value-rows.ts';
import { normalizeKey } from './values.ts';

export type ValueChoice = { action: 'map'; id: string } | { action: 'create' } | { action: 'omit' };
export type ValueChoices = Partial<Record<MatchField, Record<string, ValueChoice>>>;
/** As kept in storage: `null` remembers that a value was left undecided on purpose. */
export type RememberedChoices = Partial<Record<MatchField, Record<string, ValueChoice | null>>>;

/** The choice made for a value when the person has not chosen: the clear proposals. */
export function defaultChoice(row: ValueRow): ValueChoice | undefined {
	const { candidate, confidence } = row.proposal;
	if (!candidate) return undefined;
	// A Tejido export that defines the value brings its own entry, unless the map has it already.
	if (row.inFile && confidence !== 'normalised') return undefined;
	return confidence === 'normalised' || confidence === 'high' ? { action: 'map', id: candidate.id } : undefined;
}

export function choiceOf(choices: ValueChoices, field: MatchField, value: string): ValueChoice | undefined {
	return choices[field]?.[value];
}

export function withChoice(choices: ValueChoices, field: MatchField, value: string, choice: ValueChoice | undefined): ValueChoices {
	const forField = { ...choices[field] };
	if (choice) forField[value] = choice;
	else delete forField[value];
	return { ...choices, [field]: forField };
}

/** Defaults for every listed value, overridden by what was remembered for them. */
export function initialChoices(rows: readonly ValueRow[], remembered: RememberedChoices, valid: (field: MatchField, id: string) => boolean): ValueChoices {
	let choices: ValueChoices = {};
	for (const row of rows) {
		const kept = remembered[row.field]?.[row.value];
		const usable = kept === null || (kept !== undefined && (kept.action !== 'map' || valid(row.field, kept.id)));
		choices = withChoice(choices, row.field, row.value, usable ? (kept ?? undefined) : defaultChoice(row));
	}
	return choices;
}

/** Where the choices for files with these columns are kept, for this map. */
export function memoryKey(mapId: string, table: Pick<ImportTable, 'columns'>): string {
	const columns = [...new Set(table.columns.map(normalizeKey))].sort().join('|');
	return `tejido.import-values.${mapId}.${columns}`;
}

export function recallChoices(storage: Pick<Storage, 'getItem'>, key: string): RememberedChoices {
	try {
		const saved: unknown = JSON.parse(storage.getItem(key) ?? 'null');
		return saved && typeof saved === 'object' ? (saved as RememberedChoices) : {};
	} catch {
		// A damaged entry only loses the remembered choices; the defaults still apply.
		return {};
	}
}

/** Keeps the choices for the values of this import, undecided ones too. */
export function rememberChoices(
	storage: Pick<Storage, 'getItem' | 'setItem'>,
	key: string,
	rows: readonly Pick<ValueRow, 'field' | 'value'>[],
	choices: ValueChoices
): void {
	const merged = recallChoices(storage, key);
	for (const { field, value } of rows) merged[field] = { ...merged[field], [value]: choiceOf(choices, field, value) ?? null };
	storage.setItem(key, JSON.stringify(merged));
}
