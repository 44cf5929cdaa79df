/**
 * The agents an agent picker offers for what has been typed (AgentPicker.svelte): those whose
 * name holds every typed word, accents and case aside, names that start with the first word
 * first, then in alphabetical order, at most `limit` of them.
 *
 * A picker used to be a <select> of every agent, sorted each time it was shown: at 50,000
 * agents opening an agent's panel froze the page for 4–6 s. This goes once through the agents
 * per keystroke and sorts only what it shows.
 */
import type { Agent } from '../model/index.ts';
import { containsAll, fold, queryTokens } from '../filters/text.ts';

export interface AgentSearch {
	/** The agents to show, best first. */
	shown: Agent[];
	/** How many more agents match. */
	more: number;
}

/** Folded names, kept per agent value (a changed agent is a new value). */
const foldedNames = new WeakMap<Agent, string>();

function foldedName(agent: Agent): string {
	let name = foldedNames.get(agent);
	if (name === undefined) foldedNames.set(agent, (name = fold(agent.name)));
	return name;
}

const collator = new Intl.Collator('es');

/** `excluded` agents (the agent itself, those already chosen) are never offered. */
export function searchAgents(agents: Iterable<Agent>, query: string, excluded: (id: string) => boolean, limit = 8): AgentSearch {
	const tokens = queryTokens(query);
	if (tokens.length === 0) return { shown: [], more: 0 };
	const [first] = tokens;
	// The best `limit` so far, kept in order by (starts with the first word, folded name).
	const best: { agent: Agent; starts: boolean; name: string }[] = [];
	let matches = 0;
	for (const agent of agents) {
		const name = foldedName(agent);
		if (!containsAll(name, tokens) || excluded(agent.id)) continue;
		matches++;
		const entry = { agent, starts: name.startsWith(first), name };
		if (best.length === limit && !before(entry, best[limit - 1])) continue;
		best.splice(insertionPoint(best, entry), 0, entry);
		if (best.length > limit) best.pop();
	}
	// The folded order chose them; the collator orders them as people read (ñ after n…).
	const shown = best
		.sort((a, b) => Number(b.starts) - Number(a.starts) || collator.compare(a.agent.name, b.agent.name) || (a.agent.id < b.agent.id ? -1 : 1))
		.map((entry) => entry.agent);
	return { shown, more: matches - shown.length };
}

type Entry = { starts: boolean; name: string };

function before(a: Entry, b: Entry): boolean {
	return a.starts !== b.starts ? a.starts : a.name < b.name;
}

function insertionPoint(sorted: readonly Entry[], entry: Entry): number {
	let at = sorted.length;
	while (at > 0 && before(entry, sorted[at - 1])) at--;
	return at;
}
