/**
 * Network measures of a view (the filtered agents and the links between them), computed with
 * graphology: each agent's number of links and its betweenness, the agents whose links reach
 * two or more specialisation areas, the isolated agents, and how many agents each area has in
 * each sector.
 */
import { UndirectedGraph } from 'graphology';
import betweennessCentrality from 'graphology-metrics/centrality/betweenness.js';
import type { Agent, Link, Sector } from '../model/index.ts';

/**
 * Betweenness costs about agents × links (Brandes); past this many agents the panel asks for
 * a narrower filter instead of freezing the page.
 */
export const BETWEENNESS_LIMIT = 3000;
/** The row of agents without an area in the area × sector table. */
export const NO_AREA = '';

export interface Bridge {
	id: string;
	/** The distinct areas of the agents it is linked to, sorted. */
	areaIds: string[];
}

export interface NetworkMeasures {
	/** Links inside the view per agent (every agent of the view has an entry). */
	degree: Map<string, number>;
	/** Normalised betweenness (0–1) per agent, or null when the view is too large. */
	betweenness: Map<string, number> | null;
	/** Agents whose linked agents belong to two or more areas, most areas first. */
	bridges: Bridge[];
	/** Agents without a link inside the view. */
	isolated: string[];
	/** Agents per area and sector; an agent in two areas counts in both rows. */
	areaSector: Map<string, Map<Sector, number>>;
	linkCount: number;
}

export function networkMeasures(
	agents: readonly Agent[],
	links: Iterable<Link>,
	betweennessLimit = BETWEENNESS_LIMIT
): NetworkMeasures {
	const byId = new Map(agents.map((agent) => [agent.id, agent]));
	const graph = new UndirectedGraph();
	const degree = new Map<string, number>();
	for (const agent of agents) {
		graph.addNode(agent.id);
		degree.set(agent.id, 0);
	}
	let linkCount = 0;
	for (const link of links) {
		if (link.from === link.to || !byId.has(link.from) || !byId.has(link.to)) continue;
		linkCount++;
		degree.set(link.from, degree.get(link.from)! + 1);
		degree.set(link.to, degree.get(link.to)! + 1);
		// Two links between one pair are one path for betweenness: the graph stays simple.
		graph.mergeEdge(link.from, link.to);
	}

	// graphology's Brandes needs at least one node (its stack's capacity is the node count).
	const betweenness =
		agents.length > betweennessLimit
			? null
			: agents.length === 0
				? new Map<string, number>()
				: new Map(Object.entries(betweennessCentrality(graph, { getEdgeWeight: null, normalized: true })));

	const bridges: Bridge[] = [];
	for (const agent of agents) {
		const areas = new Set<string>();
		graph.forEachNeighbor(agent.id, (neighbour) => {
			for (const areaId of byId.get(neighbour)!.areaIds) areas.add(areaId);
		});
		if (areas.size >= 2) bridges.push({ id: agent.id, areaIds: [...areas].sort() });
	}
	bridges.sort((a, b) => b.areaIds.length - a.areaIds.length || a.id.localeCompare(b.id));

	const areaSector = new Map<string, Map<Sector, number>>();
	for (const agent of agents) {
		for (const areaId of agent.areaIds.length > 0 ? agent.areaIds : [NO_AREA]) {
			let row = areaSector.get(areaId);
			if (!row) areaSector.set(areaId, (row = new Map()));
			row.set(agent.sector, (row.get(agent.sector) ?? 0) + 1);
		}
	}

	const isolated = agents.filter((agent) => degree.get(agent.id) === 0).map((agent) => agent.id);
	return { degree, betweenness, bridges, isolated, areaSector, linkCount };
}
