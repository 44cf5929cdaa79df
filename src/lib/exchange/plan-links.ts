/**
 * The links of an imported GeoJSON file. Their ends name agents by the file's ids: an agent
 * imported from the same file (created or updated), or one already on this map. A link that
 * the map already has (either direction, same kind) is not made twice: it is counted as
 * already there, as a file coming back to the map it came from would have all of them.
 */
import { LINK_KINDS, MAX_TEXT, isIsoDate, type Link, type LinkInput, type LinkKind } from '../model/index.ts';
import type { ImportLinkRow, RowProblem } from './types.ts';
import type { ValueChoice } from './value-choices.ts';

/** A link's kind: our code, or the code the person mapped the file's word to; else "other". */
function kindOf(row: ImportLinkRow, choices: Record<string, ValueChoice>): LinkKind {
	if (row.kind) return row.kind;
	const choice = row.kindText ? choices[row.kindText] : undefined;
	return choice?.action === 'map' && (LINK_KINDS as readonly string[]).includes(choice.id) ? (choice.id as LinkKind) : 'other';
}

export function planLinks(
	rows: readonly ImportLinkRow[],
	fileIds: ReadonlyMap<string, string>,
	context: { agents: readonly { id: string }[]; links: readonly Link[] },
	problems: RowProblem[],
	kindChoices: Record<string, ValueChoice> = {}
): { links: LinkInput[]; existing: number } {
	const onMap = new Set(context.agents.map((agent) => agent.id));
	const key = (from: string, to: string, kind: string) => (from < to ? `${from}|${to}|${kind}` : `${to}|${from}|${kind}`);
	const seen = new Set(context.links.map((link) => key(link.from, link.to, link.kind)));
	const links: LinkInput[] = [];
	let existing = 0;
	for (const row of rows) {
		const from = fileIds.get(row.from) ?? (onMap.has(row.from) ? row.from : undefined);
		const to = fileIds.get(row.to) ?? (onMap.has(row.to) ? row.to : undefined);
		if (!from || !to) {
			problems.push({ row: row.row, code: 'link-unknown-agent', value: (!from ? row.from : row.to).slice(0, 64) });
			continue;
		}
		if (from === to) {
			problems.push({ row: row.row, code: 'link-to-itself' });
			continue;
		}
		const kind = kindOf(row, kindChoices);
		if (seen.has(key(from, to, kind))) {
			existing++;
			continue;
		}
		seen.add(key(from, to, kind));
		links.push({
			from,
			to,
			kind,
			weight: row.weight === null ? 1 : Math.min(5, Math.max(1, Math.round(row.weight))),
			note: row.note.trim().slice(0, MAX_TEXT.note),
			since: isIsoDate(row.since) ? row.since : ''
		});
	}
	return { links, existing };
}
