/**
 * The filtered view as a graphology graph: one node per agent in the view, one edge per link
 * whose two ends are in it. Built once from the view, then kept up to date from the filter
 * engine's diffs (which follow the document's change sets), so an edit touches only the nodes
 * and edges it names and the layout keeps every other position.
 */
import Graph from 'graphology';
import type { Agent, Link } from '#lib/model/index.ts';
import { edgeAttributes, nodeAttributes, nodeSize, type EdgeAttributes, type NodeAttributes, type NodeStyle } from './network-style.ts';

export type NetworkGraph = Graph<NodeAttributes, EdgeAttributes>;

/** What the graph reads of the view: the agents and shown links by id. */
export interface ViewSource {
	agent(id: string): Agent | undefined;
	link(id: string): Link | undefined;
}

/** The part of the filter engine's diff the graph follows (`ViewChange` has it). */
export interface MembershipChange {
	readonly entered: readonly string[];
	readonly left: readonly string[];
	readonly updated: readonly string[];
	readonly linksEntered: readonly string[];
	readonly linksLeft: readonly string[];
	readonly linksUpdated: readonly string[];
}

/** What one change did to the graph, for the layout worker. */
export interface GraphPatch {
	readonly addedNodes: string[];
	readonly droppedNodes: string[];
	readonly addedEdges: string[];
	readonly droppedEdges: string[];
}

/** Where a node starts: the map position, projected so that it reads as on the map. */
export type Seed = (agent: Agent) => { x: number; y: number };

/** Web Mercator of the map position (y grows north, as sigma's does), in map units. */
export const mapSeed: Seed = (agent) => {
	const [lon, lat] = agent.position;
	const clamped = Math.max(-85, Math.min(85, lat));
	return { x: lon, y: (Math.log(Math.tan(Math.PI / 4 + (clamped * Math.PI) / 360)) * 180) / Math.PI };
};

export function emptyNetworkGraph(): NetworkGraph {
	// Two links may join the same two agents (a funding and a partnership): a multigraph.
	return new Graph<NodeAttributes, EdgeAttributes>({ type: 'undirected', multi: true, allowSelfLoops: true });
}

/** The graph of the agents and links of a view, each agent at its map position. */
export function buildGraph(agents: Iterable<Agent>, links: Iterable<Link>, style: NodeStyle, seed: Seed = mapSeed): NetworkGraph {
	const graph = emptyNetworkGraph();
	for (const agent of agents) graph.addNode(agent.id, { ...nodeAttributes(agent, style), ...seed(agent), size: nodeSize(0), fixed: false });
	for (const link of links) addEdge(graph, link);
	graph.forEachNode((id) => graph.setNodeAttribute(id, 'size', nodeSize(graph.degree(id))));
	return graph;
}

/**
 * Applies one diff of the view. A new agent starts at the mean of its neighbours already
 * drawn (so the warm layout only nudges it), or at its map position when it has none.
 */
export function applyChange(graph: NetworkGraph, change: MembershipChange, source: ViewSource, style: NodeStyle, seed: Seed = mapSeed): GraphPatch {
	const patch: GraphPatch = { addedNodes: [], droppedNodes: [], addedEdges: [], droppedEdges: [] };
	const resized = new Set<string>();
	for (const id of change.linksLeft) dropEdge(graph, id, patch, resized);
	for (const id of change.left) {
		if (!graph.hasNode(id)) continue;
		graph.forEachEdge(id, (edge, _attributes, from, to) => {
			patch.droppedEdges.push(edge);
			resized.add(from === id ? to : from);
		});
		graph.dropNode(id);
		patch.droppedNodes.push(id);
	}
	const entering = change.entered.filter((id) => !graph.hasNode(id));
	const neighbours = neighboursOf(new Set(entering), change.linksEntered, source);
	for (const id of entering) {
		const agent = source.agent(id);
		if (!agent) continue;
		graph.addNode(id, { ...nodeAttributes(agent, style), ...startPosition(graph, agent, neighbours.get(id), seed), size: nodeSize(0), fixed: false });
		patch.addedNodes.push(id);
		resized.add(id);
	}
	for (const id of change.updated) {
		const agent = source.agent(id);
		if (agent && graph.hasNode(id)) graph.mergeNodeAttributes(id, nodeAttributes(agent, style));
	}
	for (const id of change.linksEntered) {
		const link = source.link(id);
		if (!link || graph.hasEdge(id) || !addEdge(graph, link)) continue;
		patch.addedEdges.push(id);
		resized.add(link.from).add(link.to);
	}
	for (const id of change.linksUpdated) {
		const link = source.link(id);
		if (link && graph.hasEdge(id)) graph.mergeEdgeAttributes(id, edgeAttributes(link));
	}
	for (const id of resized) if (graph.hasNode(id)) graph.setNodeAttribute(id, 'size', nodeSize(graph.degree(id)));
	return patch;
}

/** Recolours every node (the areas, their order or the colouring changed). */
export function restyle(graph: NetworkGraph, source: ViewSource, style: NodeStyle): void {
	graph.updateEachNodeAttributes((id, attributes) => {
		const agent = source.agent(id);
		return agent ? { ...attributes, ...nodeAttributes(agent, style) } : attributes;
	});
}

function addEdge(graph: NetworkGraph, link: Link): boolean {
	if (!graph.hasNode(link.from) || !graph.hasNode(link.to)) return false;
	graph.addEdgeWithKey(link.id, link.from, link.to, edgeAttributes(link));
	return true;
}

function dropEdge(graph: NetworkGraph, id: string, patch: GraphPatch, resized: Set<string>): void {
	if (!graph.hasEdge(id)) return;
	resized.add(graph.source(id)).add(graph.target(id));
	graph.dropEdge(id);
	patch.droppedEdges.push(id);
}

/** For each entering agent, the other ends of its entering links. */
function neighboursOf(entering: ReadonlySet<string>, links: readonly string[], source: ViewSource): Map<string, string[]> {
	const out = new Map<string, string[]>();
	const note = (id: string, other: string) => {
		if (entering.has(id)) out.set(id, [...(out.get(id) ?? []), other]);
	};
	for (const id of links) {
		const link = source.link(id);
		if (!link) continue;
		note(link.from, link.to);
		note(link.to, link.from);
	}
	return out;
}

function startPosition(graph: NetworkGraph, agent: Agent, neighbours: string[] | undefined, seed: Seed): { x: number; y: number } {
	const placed = (neighbours ?? []).filter((id) => graph.hasNode(id));
	if (placed.length === 0) return seed(agent);
	let [x, y] = [0, 0];
	for (const id of placed) {
		x += graph.getNodeAttribute(id, 'x');
		y += graph.getNodeAttribute(id, 'y');
	}
	// A little apart from the mean, so that two new nodes never start on one point (FA2 divides by distance).
	const jitter = jitterOf(agent.id);
	return { x: x / placed.length + jitter[0], y: y / placed.length + jitter[1] };
}

/** A small offset derived from the id: the same on every replica, unlike Math.random. */
function jitterOf(id: string): [number, number] {
	let hash = 0;
	for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) | 0;
	const angle = ((hash >>> 0) % 360) * (Math.PI / 180);
	return [Math.cos(angle) * 0.5, Math.sin(angle) * 0.5];
}
