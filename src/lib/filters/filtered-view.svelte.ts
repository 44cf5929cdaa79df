/**
 * The managers' view of one open map as Svelte state: the filter, the agents and links it
 * lets through, and the count behind every choice. Built on the map index and the filter
 * engine, which follow the document incrementally; this class only turns their change
 * notifications into one reactive version number, so components re-read what they show.
 *
 * `filtered` is what the list, the network panel and an export of the view use.
 */
import type { Agent, Link, MapDocument } from '#lib/model/index.ts';
import { AgentIndex, type IndexChange } from '#lib/map/agent-index.ts';
import { FilterEngine } from './filter-engine.ts';
import { EMPTY_FILTER, normalizeFilter, sameFilter, type AgentFilter, type Facet } from './filter.ts';
import { ContentChanges } from './content-changes.ts';

export class FilteredView {
	readonly index: AgentIndex;
	readonly engine: FilterEngine;
	#filter = $state.raw<AgentFilter>(EMPTY_FILTER);
	/** Bumped after every change of the document or of the filter. */
	#version = $state(0);
	/** Bumped likewise, except for moves: what a list shows (names, sectors…) did not change. */
	#listVersion = $state(0);
	/** Bumped when what a list shows of the map's agents changes, whatever the filter. */
	#contentVersion = $state(0);
	/** Which agents each bump of `contentVersion` touched, for orders kept across edits. */
	readonly contentChanges = new ContentChanges();
	readonly #stops: (() => void)[];

	readonly #filtered = $derived.by(() => {
		void this.#version;
		return [...this.engine.ids].map((id) => this.index.get(id)!.agent);
	});
	readonly #filteredLinks = $derived.by(() => {
		void this.#version;
		return [...this.engine.linkIds].map((id) => this.index.link(id)!);
	});

	constructor(map: MapDocument, filter: AgentFilter = EMPTY_FILTER) {
		this.#filter = normalizeFilter(filter);
		this.index = new AgentIndex(map);
		this.engine = new FilterEngine(this.index, this.#filter);
		// The engine hears of each index change first (it subscribed first), then `listed` below.
		this.#stops = [
			this.engine.subscribe((change) => {
				this.#version++;
				if (change.refiltered) this.#listVersion++;
			}),
			this.index.subscribe((change) => {
				if (movesOnly(change)) return;
				this.#listVersion++;
				this.contentChanges.note(++this.#contentVersion, change);
			})
		];
	}

	destroy(): void {
		for (const stop of this.#stops) stop();
		this.engine.destroy();
		this.index.destroy();
	}

	get filter(): AgentFilter {
		return this.#filter;
	}

	set filter(value: AgentFilter) {
		const next = normalizeFilter(value);
		if (sameFilter(next, this.#filter)) return;
		this.#filter = next;
		this.engine.setFilter(next);
	}

	/** Changes since the view was made; read it to re-run when anything in the view changes. */
	get version(): number {
		return this.#version;
	}

	/** The agents that pass the filter, in no particular order. */
	get filtered(): Agent[] {
		return this.#filtered;
	}

	/**
	 * Changes when the view's members or what a list shows of them change, but not when an
	 * agent only moves (a colleague dragging one sends twenty moves a second; re-sorting
	 * tens of thousands of rows for each would stall the page).
	 */
	get listVersion(): number {
		return this.#listVersion;
	}

	/** Like `listVersion`, but unchanged by a change of filter: for orders of the whole map. */
	get contentVersion(): number {
		return this.#contentVersion;
	}

	/** The links both of whose agents pass the filter. */
	get filteredLinks(): Link[] {
		return this.#filteredLinks;
	}

	get count(): number {
		void this.#version;
		return this.engine.ids.size;
	}

	get total(): number {
		void this.#version;
		return this.index.size;
	}

	has(id: string): boolean {
		void this.#version;
		return this.engine.ids.has(id);
	}

	/** How many agents choosing `value` in `facet` would leave. */
	choiceCount(facet: Facet, value: string): number {
		void this.#version;
		return this.engine.count(facet, value);
	}

	/** Every value present in a facet, with its number of agents on the whole map. */
	facetTotals(facet: Facet): Map<string, number> {
		void this.#version;
		return this.index.facetTotals(facet);
	}

	degree(id: string): number {
		void this.#version;
		return this.index.degree(id);
	}
}

/** True when a change only moved agents (or touched nothing a list shows). */
function movesOnly(change: IndexChange): boolean {
	if (change.links.size > 0) return false;
	for (const { before, after } of change.agents.values()) {
		if (!before || !after) return false;
		const [a, b] = [before.agent, after.agent];
		if (a.name !== b.name || a.sector !== b.sector || a.municipality !== b.municipality || a.areaIds.join() !== b.areaIds.join()) return false;
	}
	return true;
}
