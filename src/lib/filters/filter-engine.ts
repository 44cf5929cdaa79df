/**
 * The filtered view of a map index: which agents and links pass a filter, and for every
 * choice of every facet how many agents it would leave. Kept up to date incrementally: an
 * edit re-examines only the agents and links it touched, and a change of filter re-examines
 * the agents (inside the drawn region's box only, when there is one) but never rebuilds the
 * index. Every update is reported as a diff (entered, left, updated) that the map sources
 * apply as they are.
 *
 * Counting works from each agent's "misses" mask: an agent that passes every constraint
 * counts for all its values, one that fails exactly one facet counts for that facet's values
 * (choosing one of them would let it in), any other counts for nothing. Keeping the mask per
 * agent lets an edit subtract the old contribution and add the new one.
 */
import type { Link } from '../model/index.ts';
import type { AgentIndex, IndexChange } from '../map/agent-index.ts';
import {
	EMPTY_FILTER,
	FACETS,
	REGION_MISS,
	compileFilter,
	countsToward,
	type AgentFacts,
	type AgentFilter,
	type CompiledFilter,
	type Facet
} from './filter.ts';
import { FlagSet, LinkEnds, type IdSet } from './view-membership.ts';

export interface ViewChange {
	/** The filter itself changed (as opposed to the map's content). */
	readonly refiltered: boolean;
	readonly entered: readonly string[];
	readonly left: readonly string[];
	/** Agents in the view before and after whose content changed. */
	readonly updated: readonly string[];
	readonly linksEntered: readonly string[];
	readonly linksLeft: readonly string[];
	/** Links in the view whose record changed or one of whose ends moved. */
	readonly linksUpdated: readonly string[];
}

/**
 * A change of filter whose entering and leaving agents exceed 1/SCAN_LINKS_RATIO of the map
 * settles links by one pass over them all rather than per agent (at four links per agent the
 * walk touches each link about twice and allocates for each agent; the pass does neither).
 */
const SCAN_LINKS_RATIO = 8;

/** The mask of an agent outside the region, or of a slot whose agent is gone. */
const NOT_KEPT = -1;

export class FilterEngine {
	readonly #index: AgentIndex;
	#compiled: CompiledFilter;
	/** Slots of the agents and rows of the links, so that the view can be kept in flags. */
	readonly #ends = new LinkEnds();
	/** Each agent's facts by slot (`undefined` once deleted), so a pass needs no lookups. */
	readonly #facts: (AgentFacts | undefined)[] = [];
	/** Misses per slot, for the agents inside the region (all of them when there is none). */
	readonly #masks: number[] = [];
	readonly #ids = new FlagSet(this.#ends.agents);
	readonly #links = new FlagSet(this.#ends.links);
	readonly #counts = Object.fromEntries(FACETS.map((facet) => [facet, new Map<string, number>()])) as Record<
		Facet,
		Map<string, number>
	>;
	readonly #listeners = new Set<(change: ViewChange) => void>();
	readonly #stop: () => void;
	readonly #scanLinksRatio: number;

	/**
	 * `scanLinksRatio`: a change moving more than 1/ratio of the map's agents settles links in one
	 * pass over them all (`SCAN_LINKS_RATIO`; tests set 0 to take the per-agent path always).
	 */
	constructor(index: AgentIndex, filter: AgentFilter = EMPTY_FILTER, options: { scanLinksRatio?: number } = {}) {
		this.#index = index;
		this.#scanLinksRatio = options.scanLinksRatio ?? SCAN_LINKS_RATIO;
		this.#compiled = compileFilter(filter);
		for (const facts of index.all()) this.#facts[this.#ends.agents.give(facts.agent.id)] = facts;
		for (const link of index.links()) this.#ends.set(link);
		this.#evaluate();
		this.#rescanLinks();
		this.#stop = index.subscribe((change) => this.#onIndexChange(change));
	}

	destroy(): void {
		this.#stop();
		this.#listeners.clear();
	}

	subscribe(listener: (change: ViewChange) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	get filter(): AgentFilter {
		return this.#compiled.filter;
	}

	/** Ids of the agents in the view. */
	get ids(): IdSet {
		return this.#ids;
	}

	/** Ids of the links whose two ends are in the view. */
	get linkIds(): IdSet {
		return this.#links;
	}

	/** How many agents choosing `value` in `facet` would leave, other facets as they are. */
	count(facet: Facet, value: string): number {
		return this.#counts[facet].get(value) ?? 0;
	}

	counts(facet: Facet): ReadonlyMap<string, number> {
		return this.#counts[facet];
	}

	setFilter(filter: AgentFilter): void {
		const before = this.#ids.snapshot();
		this.#compiled = compileFilter(filter);
		this.#evaluate();
		const { entered, left } = this.#agentsDiff(before);
		const changed = entered.length + left.length;
		// Touching each changed agent's links costs about its degree; when a change moves a
		// large share of the map (checking an area drops three quarters of it), one pass over
		// every link with two set lookups is several times cheaper than that walk.
		const linkDiff =
			changed * this.#scanLinksRatio > this.#index.size ? this.#rescanLinks() : this.#relinkAgents([...entered, ...left]);
		this.#emit({ refiltered: true, entered, left, updated: [], ...linkDiff });
	}

	/** The agents whose flag differs from `before` (a snapshot of the agents' flags). */
	#agentsDiff(before: Uint8Array) {
		const entered: string[] = [];
		const left: string[] = [];
		const { ids } = this.#ends.agents;
		const now = this.#ids.raw;
		for (let slot = 0; slot < ids.length; slot++) {
			const [was, is] = [before[slot] === 1, now[slot] === 1];
			if (is && !was) entered.push(ids[slot]!);
			else if (was && !is) left.push(ids[slot]!);
		}
		return { entered, left };
	}

	/** Settles the links of the agents that entered or left the view. */
	#relinkAgents(agentIds: readonly string[]) {
		const links = new LinkTracker(this.#links);
		for (const id of agentIds) for (const link of this.#index.linksAt(id)) links.touch(link.id);
		this.#settleLinks(links);
		return links.diff(this.#links, new Set());
	}

	/**
	 * Settles every shown link against the view, and reports which entered or left it, and which
	 * stayed but changed (`changed`, by row and id).
	 */
	#rescanLinks(changed?: (row: number, id: string) => boolean) {
		const view = this.#links;
		const { from, to } = this.#ends;
		const { ids } = this.#ends.links;
		// The agents' flags do not change during the pass; the links' array may grow as flags are
		// set, so those are read through the set.
		const agentIn = this.#ids.raw;
		const linksEntered: string[] = [];
		const linksLeft: string[] = [];
		const linksUpdated: string[] = [];
		for (let row = 0; row < ids.length; row++) {
			const id = ids[row];
			if (id === undefined) continue;
			const isIn = agentIn[from[row]] === 1 && agentIn[to[row]] === 1;
			if (isIn === view.hasAt(row)) {
				if (isIn && changed?.(row, id)) linksUpdated.push(id);
				continue;
			}
			view.setAt(row, isIn);
			(isIn ? linksEntered : linksLeft).push(id);
		}
		return { linksEntered, linksLeft, linksUpdated };
	}

	/** Examines every agent (inside the region's box, when there is a region). */
	#evaluate(): void {
		this.#masks.fill(NOT_KEPT);
		this.#ids.clear();
		for (const counts of Object.values(this.#counts)) counts.clear();
		const region = this.#compiled.region;
		// The index may already hold an agent whose change has not reached the engine yet (a
		// listener that runs before ours changing the filter): it is admitted with that change.
		const slots = region ? this.#index.search(region.bbox).map((id) => this.#ends.agents.give(id)) : this.#facts.keys();
		for (const slot of slots) if (this.#facts[slot]) this.#admit(slot);
	}

	/** Records the mask and contribution of the agent in a slot; true if it is in the view. */
	#admit(slot: number): boolean {
		const facts = this.#facts[slot]!;
		const mask = this.#compiled.misses(facts);
		// Outside the region an agent counts for nothing, so it is not even kept.
		if (mask & REGION_MISS) return false;
		this.#masks[slot] = mask;
		this.#contribute(facts, mask, 1);
		if (mask === 0) this.#ids.setAt(slot, true);
		return mask === 0;
	}

	#contribute(facts: AgentFacts, mask: number, sign: 1 | -1): void {
		const toward = countsToward(mask);
		if (!toward) return;
		for (const facet of toward === 'all' ? FACETS : [toward]) {
			const counts = this.#counts[facet];
			for (const value of facts.values[facet]) {
				const next = (counts.get(value) ?? 0) + sign;
				if (next === 0) counts.delete(value);
				else counts.set(value, next);
			}
		}
	}

	#onIndexChange(change: IndexChange): void {
		// A change of much of the map (the first sync of a large map is all of it) settles links
		// in one pass over their rows, as a change of filter does: walking each agent's links and
		// looking each link up by id took seconds at 50,000 agents.
		if (change.agents.size * this.#scanLinksRatio > this.#index.size) {
			this.#onLargeIndexChange(change);
			return;
		}
		const { entered, left, updated, moved } = this.#takeAgents(change);
		const links = new LinkTracker(this.#links);
		for (const id of [...entered, ...left, ...moved.keys()]) for (const link of this.#index.linksAt(id)) links.touch(link.id);
		for (const [id, { after }] of change.links) {
			links.touch(id);
			if (after) this.#ends.set(after);
			else {
				// Out of the view before its row goes to another link.
				this.#links.set(id, false);
				this.#ends.links.remove(id);
			}
		}
		this.#settleLinks(links);
		const changedLinks = new Set(change.links.keys());
		for (const id of links.touched) {
			const link = this.#index.link(id);
			if (link && (moved.has(link.from) || moved.has(link.to))) changedLinks.add(id);
		}
		this.#emit({ refiltered: false, entered, left, updated, ...links.diff(this.#links, changedLinks) });
	}

	/** `#onIndexChange` for a change of much of the map: agents one by one, links in one pass. */
	#onLargeIndexChange(change: IndexChange): void {
		const { entered, left, updated, moved } = this.#takeAgents(change);
		const movedSlots = new Set(moved.values());
		const gone: string[] = [];
		for (const [id, { after }] of change.links) {
			if (after) this.#ends.set(after);
			else {
				if (this.#links.has(id)) gone.push(id);
				this.#links.set(id, false);
				this.#ends.links.remove(id);
			}
		}
		const { from, to } = this.#ends;
		const linkDiff = this.#rescanLinks(
			(row, id) => change.links.has(id) || movedSlots.has(from[row]) || movedSlots.has(to[row])
		);
		linkDiff.linksLeft.push(...gone);
		this.#emit({ refiltered: false, entered, left, updated, ...linkDiff });
	}

	/**
	 * Takes the agents of an index change into their slots (counts, masks, flags): which entered
	 * the view, left it, or stayed and changed, and which of those moved (by id, with its slot).
	 */
	#takeAgents(change: IndexChange) {
		const entered: string[] = [];
		const left: string[] = [];
		const updated: string[] = [];
		const moved = new Map<string, number>();
		for (const [id, { before, after }] of change.agents) {
			const slot = this.#ends.agents.give(id);
			const mask = this.#masks[slot] ?? NOT_KEPT;
			if (before && mask !== NOT_KEPT) this.#contribute(before, mask, -1);
			this.#masks[slot] = NOT_KEPT;
			this.#facts[slot] = after ?? undefined;
			const wasIn = this.#ids.hasAt(slot);
			this.#ids.setAt(slot, false);
			const isIn = after ? this.#admit(slot) : false;
			if (wasIn && isIn) {
				updated.push(id);
				const [a, b] = [before!.agent.position, after!.agent.position];
				if (a[0] !== b[0] || a[1] !== b[1]) moved.set(id, slot);
			} else if (isIn) entered.push(id);
			else if (wasIn) left.push(id);
		}
		return { entered, left, updated, moved };
	}

	/** Puts each touched link in or out of the view according to its ends. */
	#settleLinks(links: LinkTracker): void {
		for (const id of links.touched) {
			const link: Link | undefined = this.#index.link(id);
			this.#links.set(id, Boolean(link && this.#ids.has(link.from) && this.#ids.has(link.to)));
		}
	}

	#emit(change: ViewChange): void {
		for (const listener of this.#listeners) listener(change);
	}
}

/** Remembers which links were in the view before a change, to report the difference. */
class LinkTracker {
	readonly touched = new Set<string>();
	readonly #wasIn = new Set<string>();
	readonly #view: IdSet;

	constructor(view: IdSet) {
		this.#view = view;
	}

	touch(id: string): void {
		if (this.touched.has(id)) return;
		this.touched.add(id);
		if (this.#view.has(id)) this.#wasIn.add(id);
	}

	diff(view: IdSet, changed: ReadonlySet<string>) {
		const linksEntered: string[] = [];
		const linksLeft: string[] = [];
		const linksUpdated: string[] = [];
		for (const id of this.touched) {
			const was = this.#wasIn.has(id);
			const is = view.has(id);
			if (is && !was) linksEntered.push(id);
			else if (was && !is) linksLeft.push(id);
			else if (is && changed.has(id)) linksUpdated.push(id);
		}
		return { linksEntered, linksLeft, linksUpdated };
	}
}
