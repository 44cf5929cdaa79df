/**
 * The agent list's order, kept across changes of filter and edits. Sorting with a locale's
 * collator is the list's dearest step (about half a second for 50,000 agents), and a change
 * of filter does not change anyone's place relative to anyone else: once the whole map is
 * sorted, a view's rows are that order with the agents outside the view left out, one pass
 * with a set lookup each. An edit moves only the agents it touched: they are taken out and
 * put back in their places (ContentChanges says which), where sorting the whole map again
 * held every edit for a second at 50,000 agents. Small views are simply sorted; the whole map
 * is sorted again when the sort key, the language or the areas change, or after a change of
 * many agents at once (a sync, an import).
 */
import type { Agent } from '#lib/model/index.ts';
import { agentOrder, type SortContext, type SortKey } from './sort-agents.ts';
import type { ContentChanges } from '#lib/filters/content-changes.ts';
import type { IdSet } from '#lib/filters/view-membership.ts';

/** Views up to this size are sorted on their own: cheaper than sorting the whole map once. */
export const SORT_ALONE_UP_TO = 2000;

export interface OrderRequest {
	key: SortKey;
	descending: boolean;
	context: SortContext;
	/** Changes whenever what the order depends on changes, the agents aside (language, areas). */
	version: string;
	/** The agents' content version (`ContentChanges` says who changed between two). */
	content: number;
}

export interface ViewMembers {
	/** The agents in the view. */
	ids: IdSet;
	agents(): readonly Agent[];
}

export interface WholeMap {
	agents(): readonly Agent[];
	/** An agent as it is now; undefined once deleted. */
	agent(id: string): Agent | undefined;
	changes: ContentChanges;
}

export class ListOrder {
	#whole: { version: string; content: number; agents: Agent[] } | null = null;

	rows(request: OrderRequest, view: ViewMembers, map: WholeMap): Agent[] {
		const version = `${request.version}|${request.key}|${request.descending}`;
		const compare = () => agentOrder(request.key, request.descending, request.context);
		if (this.#whole?.version === version && this.#whole.content !== request.content) {
			const changed = map.changes.since(this.#whole.content);
			this.#whole = changed && { version, content: request.content, agents: patched(this.#whole.agents, changed, map, compare()) };
		}
		if (this.#whole?.version !== version || this.#whole.content !== request.content) {
			this.#whole = null;
			if (view.ids.size <= SORT_ALONE_UP_TO) return [...view.agents()].sort(compare());
			this.#whole = { version, content: request.content, agents: [...map.agents()].sort(compare()) };
		}
		const whole = this.#whole.agents;
		return view.ids.size === whole.length ? whole : whole.filter((agent) => view.ids.has(agent.id));
	}
}

/** `sorted` with the `changed` agents taken out and put back, as they are now, in their places. */
function patched(sorted: readonly Agent[], changed: ReadonlySet<string>, map: WholeMap, compare: (a: Agent, b: Agent) => number): Agent[] {
	const out = sorted.filter((agent) => !changed.has(agent.id));
	for (const id of changed) {
		const agent = map.agent(id);
		if (agent) out.splice(placeOf(out, agent, compare), 0, agent);
	}
	return out;
}

/** Where `agent` goes in `sorted` (binary search; the order is total, so there are no ties). */
function placeOf(sorted: readonly Agent[], agent: Agent, compare: (a: Agent, b: Agent) => number): number {
	let low = 0;
	let high = sorted.length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if (compare(sorted[middle], agent) < 0) low = middle + 1;
		else high = middle;
	}
	return low;
}
