/**
 * The map index: everything the managers' view asks of a map's agents, kept up to date from
 * the document's change events instead of being rebuilt on each edit.
 *
 * - agents by id, as filter facts (with the projects that list them, and their search text);
 * - a spatial index (an R-tree, `rbush`) for region queries;
 * - per facet, the agents having each value (so a choice's total is a set's size);
 * - links whose two ends exist, with each agent's number of links.
 *
 * Each edit costs what it touches: reading the changed agents and links again, and their
 * entries in the trees and sets. Listeners receive the before/after of every changed agent and
 * shown link, which is what the filtered view and the map sources turn into diffs.
 */
import RBush from 'rbush';
import type { ChangeSet, Link, MapDocument, Project } from '../model/index.ts';
import { FACETS, agentFacts, prepareTextsWhenIdle, type AgentFacts, type Facet } from '../filters/filter.ts';
import type { BBox } from '../filters/region.ts';

interface SpatialItem {
	minX: number;
	minY: number;
	maxX: number;
	maxY: number;
	id: string;
}

export interface Change<T> {
	readonly before: T | null;
	readonly after: T | null;
}

export interface IndexChange {
	/** Agents added (`before` null), removed (`after` null) or changed. */
	readonly agents: ReadonlyMap<string, Change<AgentFacts>>;
	/** Shown links (both ends present) that appeared, disappeared or changed. */
	readonly links: ReadonlyMap<string, Change<Link>>;
	/** The list of strategic projects (names, members) changed. */
	readonly projects: boolean;
}

/**
 * What the index keeps of one agent id that links name (the agent may be missing: a link can
 * outlive its end). A link holds its two ends, so showing it and counting its ends look nothing
 * up: a first sync shows 200,000 links at once.
 */
interface LinkEnd {
	/** Whether the agent is in the index (as `#agents` says). */
	present: boolean;
	/** The readable links that touch it, by id. */
	readonly links: Set<string>;
	/** Its number of shown links. */
	degree: number;
}

/** A readable link with its two ends (one, if a hostile peer linked an agent to itself). */
interface RawLink {
	readonly link: Link;
	readonly from: LinkEnd;
	readonly to: LinkEnd;
}

export class AgentIndex {
	readonly #map: MapDocument;
	readonly #agents = new Map<string, AgentFacts>();
	readonly #spatial = new RBush<SpatialItem>();
	readonly #items = new Map<string, SpatialItem>();
	readonly #facets = Object.fromEntries(FACETS.map((facet) => [facet, new Map<string, Set<string>>()])) as Record<
		Facet,
		Map<string, Set<string>>
	>;
	/** Every readable link, even one whose end was deleted concurrently (it may come back). */
	readonly #links = new Map<string, RawLink>();
	readonly #ends = new Map<string, LinkEnd>();
	readonly #shown = new Map<string, Link>();
	#projects = new Map<string, Project>();
	readonly #projectsOf = new Map<string, Set<string>>();
	readonly #listeners = new Set<(change: IndexChange) => void>();
	readonly #stop: () => void;

	constructor(map: MapDocument) {
		this.#map = map;
		this.#load();
		this.#stop = map.observe((changes) => this.#apply(changes));
	}

	destroy(): void {
		this.#stop();
		this.#listeners.clear();
	}

	/** Calls `listener` after each change to the index; returns the function that stops it. */
	subscribe(listener: (change: IndexChange) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	// ── reading ────────────────────────────────────────────────────────────────────────────

	get size(): number {
		return this.#agents.size;
	}

	get(id: string): AgentFacts | undefined {
		return this.#agents.get(id);
	}

	all(): IterableIterator<AgentFacts> {
		return this.#agents.values();
	}

	/** Ids of the agents inside a bounding box `[west, south, east, north]`. */
	search([west, south, east, north]: BBox): string[] {
		return this.#spatial.search({ minX: west, minY: south, maxX: east, maxY: north }).map((item) => item.id);
	}

	/** The agents having `value` in `facet` (e.g. every agent of one area). */
	having(facet: Facet, value: string): ReadonlySet<string> {
		return this.#facets[facet].get(value) ?? EMPTY;
	}

	/** Each value present in a facet with its number of agents (e.g. municipalities). */
	facetTotals(facet: Facet): Map<string, number> {
		return new Map([...this.#facets[facet]].map(([value, ids]) => [value, ids.size]));
	}

	/** Links whose two ends are present. */
	links(): IterableIterator<Link> {
		return this.#shown.values();
	}

	link(id: string): Link | undefined {
		return this.#shown.get(id);
	}

	get linkCount(): number {
		return this.#shown.size;
	}

	/** Shown links that touch an agent. */
	linksAt(agentId: string): Link[] {
		const out: Link[] = [];
		for (const id of this.#ends.get(agentId)?.links ?? EMPTY) {
			const link = this.#shown.get(id);
			if (link) out.push(link);
		}
		return out;
	}

	/** An agent's number of shown links. */
	degree(agentId: string): number {
		return this.#ends.get(agentId)?.degree ?? 0;
	}

	projects(): Project[] {
		return [...this.#projects.values()];
	}

	// ── keeping up ─────────────────────────────────────────────────────────────────────────

	#load(): void {
		this.#readProjects();
		for (const link of readAllLinks(this.#map)) this.#setRawLink(link.id, link);
		const items: SpatialItem[] = [];
		for (const agent of this.#map.agents()) {
			const facts = agentFacts(agent, this.#projectIdsOf(agent.id));
			this.#agents.set(agent.id, facts);
			this.#setPresent(agent.id, true);
			this.#addFacets(facts);
			const item = spatialItem(facts);
			this.#items.set(agent.id, item);
			items.push(item);
		}
		this.#spatial.load(items);
		prepareTextsWhenIdle([...this.#agents.values()]);
		for (const id of this.#links.keys()) this.#showLink(id, null);
	}

	#apply(changes: ChangeSet): void {
		const changedLinks = changes.links ?? EMPTY;
		const projects = changes.projects !== undefined;
		const projectMembers = projects ? this.#readProjects() : EMPTY;
		// An index that held no links (before a first sync: 200,000 of them) showed none, and
		// the links at its agents are then all among the changed ones.
		const hadLinks = this.#links.size > 0;
		for (const id of changedLinks) this.#setRawLink(id, this.#map.link(id), hadLinks);

		const agents = new Map<string, Change<AgentFacts>>();
		const placed: SpatialItem[] = [];
		const prepared: AgentFacts[] = [];
		/** Links not changed themselves whose end appeared or disappeared. */
		const linksAtChanged = new Set<string>();
		for (const id of union(changes.agents ?? EMPTY, projectMembers)) {
			const before = this.#agents.get(id) ?? null;
			const agent = this.#map.agent(id);
			const after = agent ? agentFacts(agent, this.#projectIdsOf(id)) : null;
			if (after) prepared.push(after);
			if (!before && !after) continue;
			const item = this.#setAgent(id, before, after);
			if (item) placed.push(item);
			agents.set(id, { before, after });
			// An agent that appears or disappears shows or hides the links that touch it.
			if (hadLinks && !before !== !after) {
				for (const linkId of this.#ends.get(id)?.links ?? EMPTY) if (!changedLinks.has(linkId)) linksAtChanged.add(linkId);
			}
		}
		// One bulk load: a first sync places every agent, and the tree built at once is both
		// faster to make and faster to search than one grown by single inserts.
		this.#spatial.load(placed);
		prepareTextsWhenIdle(prepared);

		const links = this.#showLinks([changedLinks, linksAtChanged], hadLinks);
		if (agents.size === 0 && links.size === 0 && !projects) return;
		const change: IndexChange = { agents, links, projects };
		for (const listener of this.#listeners) listener(change);
	}

	/** Shows or hides each link of `batches` (distinct ids) as it now should be; returns what changed. */
	#showLinks(batches: Iterable<string>[], hadLinks: boolean): Map<string, Change<Link>> {
		const links = new Map<string, Change<Link>>();
		for (const ids of batches) {
			for (const id of ids) {
				const before = hadLinks ? (this.#shown.get(id) ?? null) : null;
				const after = this.#showLink(id, before);
				if (before !== after) links.set(id, { before, after });
			}
		}
		return links;
	}

	/** Updates the agent's facets; returns its new place when it must go into the tree. */
	#setAgent(id: string, before: AgentFacts | null, after: AgentFacts | null): SpatialItem | null {
		if (before) this.#removeFacets(before);
		if (after) {
			this.#addFacets(after);
			this.#agents.set(id, after);
		} else this.#agents.delete(id);
		if (!before !== !after) this.#setPresent(id, after !== null);
		const moved =
			!before || !after || before.agent.position[0] !== after.agent.position[0] || before.agent.position[1] !== after.agent.position[1];
		if (!moved) return null;
		const old = this.#items.get(id);
		if (old) {
			this.#spatial.remove(old);
			this.#items.delete(id);
		}
		if (!after) return null;
		const item = spatialItem(after);
		this.#items.set(id, item);
		return item;
	}

	#addFacets(facts: AgentFacts): void {
		for (const facet of FACETS) {
			const index = this.#facets[facet];
			for (const value of facts.values[facet]) {
				let ids = index.get(value);
				if (!ids) index.set(value, (ids = new Set()));
				ids.add(facts.agent.id);
			}
		}
	}

	#removeFacets(facts: AgentFacts): void {
		for (const facet of FACETS) {
			const index = this.#facets[facet];
			for (const value of facts.values[facet]) {
				const ids = index.get(value);
				ids?.delete(facts.agent.id);
				if (ids?.size === 0) index.delete(value);
			}
		}
	}

	/**
	 * Records a link as stored (or its deletion), shown or not. `hadLinks`: whether the index
	 * held any link before, that is, whether an older version of this one may need undoing.
	 */
	#setRawLink(id: string, link: Link | null, hadLinks = true): void {
		const old = hadLinks ? this.#links.get(id) : undefined;
		if (old) {
			old.from.links.delete(id);
			old.to.links.delete(id);
			this.#dropIfUnused(old.link.from, old.from);
			if (old.to !== old.from) this.#dropIfUnused(old.link.to, old.to);
		}
		if (!link) {
			this.#links.delete(id);
			return;
		}
		const from = this.#endAt(link.from);
		const to = link.to === link.from ? from : this.#endAt(link.to);
		from.links.add(id);
		to.links.add(id);
		this.#links.set(id, { link, from, to });
	}

	#endAt(agentId: string): LinkEnd {
		let end = this.#ends.get(agentId);
		if (!end) this.#ends.set(agentId, (end = { present: this.#agents.has(agentId), links: new Set(), degree: 0 }));
		return end;
	}

	/** Forgets an end that no link names and none is shown at (the agent's links are all gone). */
	#dropIfUnused(agentId: string, end: LinkEnd): void {
		if (end.links.size === 0 && end.degree === 0) this.#ends.delete(agentId);
	}

	#setPresent(agentId: string, present: boolean): void {
		const end = this.#ends.get(agentId);
		if (end) end.present = present;
	}

	/**
	 * Brings a link's shown state (now `before`) in line with its record and its ends; returns
	 * it if shown.
	 */
	#showLink(id: string, before: Link | null): Link | null {
		const raw = this.#links.get(id);
		const after = raw && raw.from.present && raw.to.present ? raw.link : null;
		if (before === after) return after;
		if (before) this.#unshow(before);
		if (raw && after) {
			countLink(raw.from, raw.to, 1);
			this.#shown.set(id, after);
		} else this.#shown.delete(id);
		return after;
	}

	/** Takes a link no longer shown off its ends' counts; its ends kept it, as it was shown there. */
	#unshow(link: Link): void {
		const from = this.#ends.get(link.from)!;
		const to = this.#ends.get(link.to)!;
		countLink(from, to, -1);
		this.#dropIfUnused(link.from, from);
		if (to !== from) this.#dropIfUnused(link.to, to);
	}

	/** Reads the projects again; returns the agents whose project memberships changed. */
	#readProjects(): Set<string> {
		const next = new Map(this.#map.projects().map((project) => [project.id, project]));
		const touched = new Set<string>();
		const memberships = (projects: Map<string, Project>) =>
			new Set([...projects.values()].flatMap((p) => p.agentIds.map((agentId) => `${agentId} ${p.id}`)));
		const before = memberships(this.#projects);
		const after = memberships(next);
		for (const pair of before) {
			if (after.has(pair)) continue;
			const [agentId, projectId] = pair.split(' ');
			this.#projectsOf.get(agentId)?.delete(projectId);
			if (this.#projectsOf.get(agentId)?.size === 0) this.#projectsOf.delete(agentId);
			touched.add(agentId);
		}
		for (const pair of after) {
			if (before.has(pair)) continue;
			const [agentId, projectId] = pair.split(' ');
			let set = this.#projectsOf.get(agentId);
			if (!set) this.#projectsOf.set(agentId, (set = new Set()));
			set.add(projectId);
			touched.add(agentId);
		}
		this.#projects = next;
		return touched;
	}

	#projectIdsOf(agentId: string): string[] {
		const set = this.#projectsOf.get(agentId);
		return set ? [...set].sort() : [];
	}
}

const EMPTY: ReadonlySet<string> = new Set();

function spatialItem(facts: AgentFacts): SpatialItem {
	const [lon, lat] = facts.agent.position;
	return { minX: lon, minY: lat, maxX: lon, maxY: lat, id: facts.agent.id };
}

/** Counts a link shown (`step` 1) or hidden (-1) at its ends; a link from an agent to itself counts once. */
function countLink(from: LinkEnd, to: LinkEnd, step: 1 | -1): void {
	from.degree += step;
	if (to !== from) to.degree += step;
}

/** The members of `first`, then those of `then` not in `first`: a union without copying `first`. */
function* union(first: ReadonlySet<string>, then: ReadonlySet<string>): IterableIterator<string> {
	yield* first;
	for (const id of then) if (!first.has(id)) yield id;
}

/** Every readable link, including those whose ends are missing (`links()` hides those). */
function readAllLinks(map: MapDocument): Link[] {
	const out: Link[] = [];
	for (const id of map.ids('links')) {
		const link = map.link(id);
		if (link) out.push(link);
	}
	return out;
}
