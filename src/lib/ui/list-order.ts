/**
 * The agent list's order, kept across changes of filter. Sorting with a locale's collator is
 * the list's dearest step (about half a second for 50,000 agents), and a change of filter
 * does not change anyone's place relative to anyone else: once the whole map is sorted, a
 * view's rows are that order with the agents outside the view left out, one pass with a set
 * lookup each. Small views are simply sorted; the whole map is sorted again only after its
 * content (names, sectors, links…), the sort key or the language changes.
 */
import type { Agent } from '#lib/model/index.ts';
import { sortAgents, type SortContext, type SortKey } from './sort-agents.ts';
import type { IdSet } from '#lib/filters/view-membership.ts';

/** Views up to this size are sorted on their own: cheaper than sorting the whole map once. */
export const SORT_ALONE_UP_TO = 2000;

export interface OrderRequest {
	key: SortKey;
	descending: boolean;
	context: SortContext;
	/** Changes whenever anything the order depends on changes (content, language, areas). */
	version: string;
}

export interface ViewMembers {
	/** The agents in the view. */
	ids: IdSet;
	agents(): readonly Agent[];
}

export class ListOrder {
	#whole: { version: string; agents: Agent[] } | null = null;

	rows(request: OrderRequest, view: ViewMembers, everyone: () => readonly Agent[]): Agent[] {
		const version = `${request.version}|${request.key}|${request.descending}`;
		if (this.#whole?.version !== version) {
			this.#whole = null;
			if (view.ids.size <= SORT_ALONE_UP_TO) return this.#sort(view.agents(), request);
			this.#whole = { version, agents: this.#sort(everyone(), request) };
		}
		const whole = this.#whole.agents;
		return view.ids.size === whole.length ? whole : whole.filter((agent) => view.ids.has(agent.id));
	}

	#sort(agents: readonly Agent[], request: OrderRequest): Agent[] {
		return sortAgents(agents, request.key, request.descending, request.context);
	}
}
