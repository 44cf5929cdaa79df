/**
 * The indicators of a map, computed from its typed contents: cooperation instruments by kind,
 * area, sector and semester against the team's targets, agents per area and sector, new links
 * per month, projects by status. Pure: the browser computes them from its replica, the server
 * from the stored document for the public page, with the same code.
 *
 * The result holds counts and catalogue names (areas) only, never an agent, a contact or a
 * note: it is what the public indicators page publishes.
 */
import {
	INSTRUMENT_KINDS,
	INTERACTION_KINDS,
	PROJECT_STATUSES,
	SECTORS,
	type Agent,
	type Area,
	type Interaction,
	type InteractionKind,
	type Link,
	type Niche,
	type Project,
	type Target
} from '../model/schema.ts';
import type { MapDocument } from '../model/map-document.ts';

export interface IndicatorInput {
	agents: readonly Agent[];
	links: readonly Link[];
	interactions: readonly Interaction[];
	areas: readonly Area[];
	niches: readonly Niche[];
	projects: readonly Project[];
	targets: readonly Target[];
}

/**
 * What the indicators read: a document's contents (the page reads the same from its live
 * session) and the map's targets, which the server keeps (the document's are legacy).
 */
export function indicatorInput(map: MapDocument, targets: readonly Target[]): IndicatorInput {
	return {
		agents: map.agents(),
		links: map.links(),
		interactions: map.register.interactions(),
		areas: map.areas(),
		niches: map.niches(),
		projects: map.projects(),
		targets
	};
}

/** One bar: a key (an id, a kind, `2026-S1`, `2026-03`; `''` for "none") and its count. */
export interface Count {
	key: string;
	count: number;
}

export interface TargetProgress extends Target {
	achieved: number;
	/** 0–100 and beyond: 120 means the goal was passed by a fifth. */
	percent: number;
}

export interface Indicators {
	interactions: { total: number; byKind: Count[] };
	instruments: {
		total: number;
		byKind: Count[];
		/** By the interaction's area (or its niche's area); `''` when it has neither. */
		byArea: Count[];
		/** An instrument counts once for each sector among its participants; `''`: none left. */
		bySector: Count[];
		/** `YYYY-S1` (January–June) and `YYYY-S2`, every semester from the first to the last. */
		bySemester: Count[];
		undated: number;
	};
	targets: TargetProgress[];
	/** An agent of two areas counts in both; `''`: agents without an area. */
	agents: { total: number; byArea: Count[]; bySector: Count[] };
	/** By the month (UTC) the link was drawn; links older than that record are `unknownDate`. */
	links: { total: number; byMonth: Count[]; unknownDate: number };
	projects: { total: number; byStatus: Count[] };
	/** Names of the areas the counts mention, so a reader needs nothing else. */
	areaNames: Record<string, string>;
}

export function isInstrument(kind: InteractionKind): boolean {
	return INSTRUMENT_KINDS.includes(kind);
}

/** `2026-S1` for January–June, `2026-S2` for July–December; `''` for an empty date. */
export function semesterOf(date: string): string {
	if (!/^\d{4}-\d{2}/.test(date)) return '';
	return `${date.slice(0, 4)}-S${Number(date.slice(5, 7)) <= 6 ? 1 : 2}`;
}

/** `YYYY-MM` of a time in milliseconds, in UTC; `''` for 0 (unknown). */
export function monthOf(ms: number | undefined): string {
	if (!ms || !Number.isFinite(ms) || ms <= 0 || ms > 8.64e15) return '';
	const month = new Date(ms).toISOString().slice(0, 7);
	return /^\d{4}-\d{2}$/.test(month) ? month : '';
}

/** Whether an interaction counts towards a target: one of its kinds, dated inside its span. */
export function countsFor(target: Target, interaction: Interaction): boolean {
	if (!target.kinds.includes(interaction.kind) || !interaction.date) return false;
	return (!target.from || interaction.date >= target.from) && interaction.date <= target.until;
}

export function computeIndicators(input: IndicatorInput): Indicators {
	const areaOfNiche = new Map(input.niches.map((niche) => [niche.id, niche.areaId]));
	const areaIds = new Set(input.areas.map((area) => area.id));
	const agents = new Map(input.agents.map((agent) => [agent.id, agent]));
	const instruments = input.interactions.filter((interaction) => isInstrument(interaction.kind));

	const areaOf = (interaction: Interaction): string => {
		const area = interaction.areaId || areaOfNiche.get(interaction.nicheId) || '';
		return areaIds.has(area) ? area : '';
	};
	const sectorsOf = (interaction: Interaction): string[] => {
		const sectors = new Set<string>();
		for (const id of interaction.participantIds) {
			const agent = agents.get(id);
			if (agent) sectors.add(agent.sector);
		}
		return sectors.size > 0 ? [...sectors] : [''];
	};

	const areaOrder = [...input.areas].sort((a, b) => a.order - b.order).map((area) => area.id);
	const dated = instruments.map((i) => semesterOf(i.date)).filter(Boolean);
	const months = input.links.map((link) => monthOf(link.createdAt)).filter(Boolean);
	const agentAreas = input.agents.flatMap((agent) => {
		const known = agent.areaIds.filter((id) => areaIds.has(id));
		return known.length > 0 ? known : [''];
	});
	const instrumentAreas = instruments.map(areaOf);

	return {
		interactions: {
			total: input.interactions.length,
			byKind: tally(input.interactions.map((i) => i.kind), INTERACTION_KINDS)
		},
		instruments: {
			total: instruments.length,
			byKind: tally(instruments.map((i) => i.kind), INSTRUMENT_KINDS),
			byArea: withoutEmptyNone(tally(instrumentAreas, [...areaOrder, ''])),
			bySector: withoutEmptyNone(tally(instruments.flatMap(sectorsOf), [...SECTORS, ''])),
			bySemester: tally(dated, semesterRange(dated)),
			undated: instruments.length - dated.length
		},
		targets: input.targets.map((target) => progress(target, input.interactions)),
		agents: {
			total: input.agents.length,
			byArea: withoutEmptyNone(tally(agentAreas, [...areaOrder, ''])),
			bySector: tally(input.agents.map((agent) => agent.sector), SECTORS)
		},
		links: { total: input.links.length, byMonth: tally(months, monthRange(months)), unknownDate: input.links.length - months.length },
		projects: { total: input.projects.length, byStatus: tally(input.projects.map((p) => p.status), PROJECT_STATUSES) },
		// Every area has a bar (zero included), so every area needs its name (issue 24: a fresh
		// template map's bars were labelled by their ids).
		areaNames: Object.fromEntries(input.areas.map((area) => [area.id, area.name]))
	};
}

function progress(target: Target, interactions: readonly Interaction[]): TargetProgress {
	const achieved = interactions.filter((interaction) => countsFor(target, interaction)).length;
	return {
		id: target.id,
		label: target.label,
		kinds: target.kinds,
		goal: target.goal,
		from: target.from,
		until: target.until,
		achieved,
		percent: target.goal > 0 ? Math.round((achieved / target.goal) * 100) : 0
	};
}

/** Counts of `values` in the order of `keys` (zeros included); values not in `keys` are dropped. */
function tally(values: readonly string[], keys: readonly string[]): Count[] {
	const counts = new Map(keys.map((key) => [key, 0]));
	for (const value of values) if (counts.has(value)) counts.set(value, counts.get(value)! + 1);
	return [...counts].map(([key, count]) => ({ key, count }));
}

/** The "none" bar is shown only when something falls in it. */
function withoutEmptyNone(counts: Count[]): Count[] {
	return counts.filter((count) => count.key !== '' || count.count > 0);
}

/** Longest run of semesters or months filled with zero bars; past it only non-empty ones show. */
const MAX_FILLED = 240;

/** Every semester from the earliest to the latest given, so a gap shows as a zero bar. */
function semesterRange(semesters: readonly string[]): string[] {
	return fillRange(semesters, (key) => {
		const [year, half] = [Number(key.slice(0, 4)), Number(key.slice(6))];
		return half === 1 ? `${pad(year, 4)}-S2` : `${pad(year + 1, 4)}-S1`;
	});
}

/** Every month from the earliest to the latest given. */
function monthRange(months: readonly string[]): string[] {
	return fillRange(months, (key) => {
		const [year, month] = [Number(key.slice(0, 4)), Number(key.slice(5, 7))];
		return month === 12 ? `${pad(year + 1, 4)}-01` : `${pad(year, 4)}-${pad(month + 1, 2)}`;
	});
}

function fillRange(keys: readonly string[], next: (key: string) => string): string[] {
	const present = [...new Set(keys)].sort();
	if (present.length === 0) return [];
	const range = [present[0]];
	while (range.at(-1)! < present.at(-1)!) {
		if (range.length > MAX_FILLED) return present;
		range.push(next(range.at(-1)!));
	}
	return range;
}

function pad(n: number, width: number): string {
	return String(n).padStart(width, '0');
}
