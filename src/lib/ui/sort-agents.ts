/** The orders of the agent list. Ties always fall back to the name, so the order is stable. */
import type { Agent, Area, Sector } from '#lib/model/index.ts';

export type SortKey = 'name' | 'sector' | 'area' | 'municipality' | 'links';

export interface SortContext {
	locale: string;
	areas: readonly Area[];
	degree: (id: string) => number;
	sectorLabel: (sector: Sector) => string;
}

export function sortAgents(agents: readonly Agent[], key: SortKey, descending: boolean, context: SortContext): Agent[] {
	return [...agents].sort(agentOrder(key, descending, context));
}

/**
 * The comparison `sortAgents` sorts with: a total order (ties fall to the name, then the id),
 * so an agent can also be put in its place in an array sorted by it (list-order.ts).
 */
export function agentOrder(key: SortKey, descending: boolean, context: SortContext): (a: Agent, b: Agent) => number {
	const collator = new Intl.Collator(context.locale, { sensitivity: 'base', numeric: true });
	const rank = new Map(context.areas.map((area, index) => [area.id, index]));
	const areaName = new Map(context.areas.map((area) => [area.id, area.name]));
	/** An agent's first area in the areas' order ('' sorts last). */
	const firstArea = (agent: Agent) => {
		let best = '';
		for (const id of agent.areaIds) if (rank.has(id) && (best === '' || rank.get(id)! < rank.get(best)!)) best = id;
		return areaName.get(best) ?? '';
	};
	const keyOf: Record<SortKey, (agent: Agent) => string | number> = {
		name: (agent) => agent.name,
		sector: (agent) => context.sectorLabel(agent.sector),
		area: firstArea,
		municipality: (agent) => agent.municipality.trim(),
		links: (agent) => context.degree(agent.id)
	};
	// Each agent's key is read once (a sort compares each agent many times).
	const keys = new WeakMap<Agent, string | number>();
	const keyFor = (agent: Agent) => {
		let value = keys.get(agent);
		if (value === undefined) keys.set(agent, (value = keyOf[key](agent)));
		return value;
	};
	const sign = descending ? -1 : 1;
	return (a: Agent, b: Agent): number => {
		const [x, y] = [keyFor(a), keyFor(b)];
		let order = 0;
		if (typeof x === 'number' && typeof y === 'number') order = x - y;
		// Empty values (no area, no municipality) go last whichever the direction.
		else if (x === '' || y === '') order = x === y ? 0 : x === '' ? 1 : -1;
		else order = collator.compare(String(x), String(y));
		if (order !== 0) return x === '' || y === '' ? order : order * sign;
		return collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
	};
}
