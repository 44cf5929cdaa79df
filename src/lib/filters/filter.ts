/**
 * The managers' filter: a plain, serialisable value (it lives in the URL) that says which
 * agents a view shows. Within one facet the choices are alternatives (Bio-Polo *or* Región
 * Creativa); facets, the free text and the drawn region all apply together.
 *
 * The same value drives the map, the list, the counts, the network panel and the export.
 */
import { SECTORS, type Agent, type Sector } from '../model/index.ts';
import { isValidId } from '../model/validate.ts';
import { compileRegion, normalizeRegion, type CompiledRegion, type Region } from './region.ts';
import { containsAll, fold, queryTokens } from './text.ts';

export const FACETS = ['areas', 'niches', 'sectors', 'networks', 'projects', 'municipalities'] as const;
export type Facet = (typeof FACETS)[number];

export interface AgentFilter {
	readonly areas: readonly string[];
	readonly niches: readonly string[];
	readonly sectors: readonly Sector[];
	readonly networks: readonly string[];
	readonly projects: readonly string[];
	readonly municipalities: readonly string[];
	/** As typed (spaces included, so a second word can be typed); matched word by word. */
	readonly text: string;
	readonly region: Region | null;
}

export const EMPTY_FILTER: AgentFilter = Object.freeze({
	areas: [],
	niches: [],
	sectors: [],
	networks: [],
	projects: [],
	municipalities: [],
	text: '',
	region: null
});

export const MAX_TEXT_LENGTH = 200;
export const MAX_CHOICES = 200;
const MAX_MUNICIPALITY_LENGTH = 100;

/** What the filter looks at for one agent, prepared once per version of the agent. */
export interface AgentFacts {
	readonly agent: Agent;
	/** Strategic projects list their agents; this is the reverse: the projects of this agent. */
	readonly projectIds: readonly string[];
	/** Folded name, municipality, address, tags and description, searched by the free text. */
	readonly text: string;
	readonly values: Readonly<Record<Facet, readonly string[]>>;
}

export function agentFacts(agent: Agent, projectIds: readonly string[] = []): AgentFacts {
	const municipality = agent.municipality.trim();
	let text: string | undefined;
	return {
		agent,
		projectIds,
		// Folded when first searched (or when the page is idle, see `prepareTextsWhenIdle`), not
		// on load: folding every agent was 0.3 s of a 50,000-agent map's first render.
		get text() {
			return (text ??= fold([agent.name, agent.municipality, agent.address, agent.tags.join(' '), agent.description].join('\n')));
		},
		values: {
			areas: agent.areaIds,
			niches: agent.nicheIds,
			sectors: [agent.sector],
			networks: agent.networkIds,
			projects: projectIds,
			municipalities: municipality ? [municipality] : []
		}
	};
}

/** Below this many new facts, the first search folds them itself (a few milliseconds). */
const IDLE_TEXTS_FROM = 1000;

/**
 * Folds the search text of many new facts while the page is idle, in slices that fit its idle
 * periods, so that neither the first render nor the first search waits for it.
 */
export function prepareTextsWhenIdle(facts: readonly AgentFacts[]): void {
	if (facts.length < IDLE_TEXTS_FROM || typeof requestIdleCallback !== 'function') return;
	let next = 0;
	const work = (deadline: IdleDeadline) => {
		while (next < facts.length && deadline.timeRemaining() > 1) {
			for (const end = Math.min(next + 500, facts.length); next < end; next++) void facts[next].text;
		}
		if (next < facts.length) requestIdleCallback(work);
	};
	requestIdleCallback(work);
}

/**
 * A clean filter from anything: unknown sectors and malformed ids are dropped, choices are
 * sorted without duplicates, over-long text is cut, an invalid region becomes none.
 */
export function normalizeFilter(value: Partial<Record<keyof AgentFilter, unknown>>): AgentFilter {
	const list = (items: unknown, keep: (item: string) => boolean): string[] =>
		Array.isArray(items)
			? [...new Set(items.filter((item): item is string => typeof item === 'string' && keep(item)))]
					.sort()
					.slice(0, MAX_CHOICES)
			: [];
	const municipality = (item: string) => item.trim() === item && item.length > 0 && item.length <= MAX_MUNICIPALITY_LENGTH;
	return {
		areas: list(value.areas, isValidId),
		niches: list(value.niches, isValidId),
		sectors: list(value.sectors, (item) => (SECTORS as readonly string[]).includes(item)) as Sector[],
		networks: list(value.networks, isValidId),
		projects: list(value.projects, isValidId),
		municipalities: list(value.municipalities, municipality),
		text: typeof value.text === 'string' ? value.text.slice(0, MAX_TEXT_LENGTH) : '',
		region: normalizeRegion(value.region)
	};
}

/** How many constraints are set: each choice, the text and the region count one. */
export function activeConstraints(filter: AgentFilter): number {
	let count = FACETS.reduce((sum, facet) => sum + filter[facet].length, 0);
	if (filter.text.trim()) count++;
	if (filter.region) count++;
	return count;
}

export function isFilterEmpty(filter: AgentFilter): boolean {
	return activeConstraints(filter) === 0;
}

/** The filter with `value` added to or removed from one facet's choices. */
export function toggleChoice(filter: AgentFilter, facet: Facet, value: string, on?: boolean): AgentFilter {
	const current = filter[facet] as readonly string[];
	const present = current.includes(value);
	const wanted = on ?? !present;
	if (wanted === present) return filter;
	const next = wanted ? [...current, value].sort() : current.filter((item) => item !== value);
	return { ...filter, [facet]: next };
}

export function sameFilter(a: AgentFilter, b: AgentFilter): boolean {
	return JSON.stringify(a) === JSON.stringify(b);
}

// ── evaluation ───────────────────────────────────────────────────────────────────────────────

/** Bits of a "misses" mask: one per facet (in FACETS order), then the text and the region. */
export const TEXT_MISS = 1 << FACETS.length;
export const REGION_MISS = 1 << (FACETS.length + 1);

export interface CompiledFilter {
	readonly filter: AgentFilter;
	readonly region: CompiledRegion | null;
	/** Which constraints an agent fails, as a bit mask (0: it is in the view). */
	misses(facts: AgentFacts): number;
	matches(facts: AgentFacts): boolean;
}

export function compileFilter(filter: AgentFilter): CompiledFilter {
	const facets = FACETS.map((facet, bit) => ({ facet, bit: 1 << bit, chosen: new Set<string>(filter[facet]) })).filter(
		({ chosen }) => chosen.size > 0
	);
	const tokens = queryTokens(filter.text);
	const region = filter.region ? compileRegion(filter.region) : null;
	const misses = (facts: AgentFacts): number => {
		let mask = 0;
		for (const { facet, bit, chosen } of facets) {
			if (!facts.values[facet].some((value) => chosen.has(value))) mask |= bit;
		}
		if (tokens.length > 0 && !containsAll(facts.text, tokens)) mask |= TEXT_MISS;
		if (region && !region.contains(facts.agent.position)) mask |= REGION_MISS;
		return mask;
	};
	return { filter, region, misses, matches: (facts) => misses(facts) === 0 };
}

/** The predicate: does this agent pass every constraint of the filter? */
export function matchesFilter(filter: AgentFilter, facts: AgentFacts): boolean {
	return compileFilter(filter).matches(facts);
}

/**
 * The facet whose choices an agent with this mask counts towards, when it counts at all:
 * an agent that passes everything counts for every facet; one that fails exactly one facet
 * counts for that facet only ("choosing this would leave N agents"); any other, for none.
 */
export function countsToward(mask: number): Facet | 'all' | null {
	if (mask === 0) return 'all';
	if ((mask & (mask - 1)) !== 0) return null;
	const bit = 31 - Math.clz32(mask);
	return bit < FACETS.length ? FACETS[bit] : null;
}
