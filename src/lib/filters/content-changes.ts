/**
 * Which agents each change of a map's content touched (their fields, or the links that count
 * for their number of links), for the last changes: what an order of the whole map must move
 * to stay right without being made again (src/lib/ui/list-order.ts). FilteredView notes them.
 */
import type { IndexChange } from '../map/agent-index.ts';

/** A change of more agents than this (a sync, an import) is kept as "many": orders are made again. */
export const CHANGES_KEPT_UP_TO = 1000;

export class ContentChanges {
	/** Changes remembered: an order read less often than this is made again. */
	static readonly KEPT = 64;
	#log: { version: number; ids: ReadonlySet<string> | null }[] = [];

	/** Content `version` came with `change`. */
	note(version: number, change: IndexChange): void {
		this.#log.push({ version, ids: touchedAgents(change) });
		if (this.#log.length > ContentChanges.KEPT) this.#log.shift();
	}

	/** The agents changed after content `version`; null if not known or more than CHANGES_KEPT_UP_TO. */
	since(version: number): Set<string> | null {
		const oldest = this.#log[0];
		if (!oldest || oldest.version > version + 1) return null;
		const ids = new Set<string>();
		for (const entry of this.#log) {
			if (entry.version <= version) continue;
			if (!entry.ids) return null;
			for (const id of entry.ids) ids.add(id);
			if (ids.size > CHANGES_KEPT_UP_TO) return null;
		}
		return ids;
	}
}

/**
 * The agents a change touched: changed themselves, or at an end of a changed link (their count).
 * Null past CHANGES_KEPT_UP_TO, found without listing a sync's 50,000 agents first.
 */
function touchedAgents(change: IndexChange): Set<string> | null {
	if (change.agents.size > CHANGES_KEPT_UP_TO) return null;
	const ids = new Set(change.agents.keys());
	for (const { before, after } of change.links.values()) {
		for (const link of [before, after]) {
			if (link) ids.add(link.from).add(link.to);
		}
		if (ids.size > CHANGES_KEPT_UP_TO) return null;
	}
	return ids;
}
