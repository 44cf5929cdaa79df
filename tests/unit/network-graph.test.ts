/**
 * The network graph is the filtered view as nodes and edges: built from a document it holds
 * exactly the view's agents and links, in the map's colours and sized by degree; each diff of
 * the view (a colleague's edit, a change of filter) adds or drops exactly the touched nodes and
 * edges and leaves every other node where the layout put it.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MapDocument } from '../../src/lib/model/index.ts';
import { AgentIndex } from '../../src/lib/map/agent-index.ts';
import { FilterEngine, type ViewChange } from '../../src/lib/filters/filter-engine.ts';
import { normalizeFilter } from '../../src/lib/filters/filter.ts';
import { seedDemoMap } from '../../src/lib/demo/demo-map.ts';
import { NO_AREA_COLOR } from '../../src/lib/map/agent-features.ts';
import { LINK_KIND_COLORS } from '../../src/lib/map/link-style.ts';
import { applyChange, buildGraph, type NetworkGraph, type ViewSource } from '../../src/lib/network/network-graph.ts';
import { nodeSize, nodeStyle } from '../../src/lib/network/network-style.ts';

function demo() {
	const map = new MapDocument(new Y.Doc(), 'demo');
	seedDemoMap(map);
	const index = new AgentIndex(map);
	const engine = new FilterEngine(index);
	const source: ViewSource = { agent: (id) => index.get(id)?.agent, link: (id) => index.link(id) };
	const style = () => nodeStyle('area', map.areas());
	const graph = () =>
		buildGraph(
			[...engine.ids].map((id) => index.get(id)!.agent),
			[...engine.linkIds].map((id) => index.link(id)!),
			style()
		);
	const changes: ViewChange[] = [];
	engine.subscribe((change) => changes.push(change));
	return { map, index, engine, source, style, graph, changes };
}

function positions(graph: NetworkGraph): Map<string, [number, number]> {
	return new Map(graph.mapNodes((id, a) => [id, [a.x, a.y]] as const));
}

describe('network graph', () => {
	it('is built from the document: one node per agent, one edge per link, map colours, sized by degree', () => {
		const { map, graph } = demo();
		const g = graph();
		expect(g.order).toBe(165);
		expect(g.size).toBe(260);
		const areas = new Map(map.areas().map((area) => [area.id, area.color]));
		for (const agent of map.agents()) {
			const node = g.getNodeAttributes(agent.id);
			expect(node.label).toBe(agent.name);
			expect(node.color).toBe(node.area ? areas.get(node.area) : NO_AREA_COLOR);
			expect(node.size).toBe(nodeSize(g.degree(agent.id)));
		}
		for (const link of map.links()) {
			const edge = g.getEdgeAttributes(link.id);
			expect(edge.color.slice(0, 7)).toBe(LINK_KIND_COLORS[link.kind]);
			expect(g.extremities(link.id).sort()).toEqual([link.from, link.to].sort());
		}
	});

	it("adds a colleague's agent and link, exactly, near its neighbour, without moving the others", () => {
		const { map, source, style, graph, changes } = demo();
		const g = graph();
		const before = positions(g);
		const neighbour = map.agents()[0].id;
		const id = map.addAgent({ name: 'Nuevo laboratorio', position: [-74.08, 4.6] });
		const linkId = map.addLink({ from: id, to: neighbour, kind: 'funding', weight: 3 });
		const patches = changes.map((change) => applyChange(g, change, source, style()));
		expect(patches.flatMap((p) => p.addedNodes)).toEqual([id]);
		expect(patches.flatMap((p) => p.addedEdges)).toEqual([linkId]);
		expect(patches.flatMap((p) => [...p.droppedNodes, ...p.droppedEdges])).toEqual([]);
		expect(g.order).toBe(166);
		expect(g.size).toBe(261);
		for (const [node, [x, y]] of before) expect(g.getNodeAttributes(node)).toMatchObject({ x, y });
		// Its own link counts in its size and in its neighbour's.
		expect(g.getNodeAttribute(neighbour, 'size')).toBe(nodeSize(g.degree(neighbour)));
		expect(g.getNodeAttribute(id, 'size')).toBe(nodeSize(1));
	});

	it('places an agent arriving with its link beside that neighbour', () => {
		const { map, source, style, graph, changes } = demo();
		const g = graph();
		const neighbour = map.agents()[3].id;
		g.mergeNodeAttributes(neighbour, { x: 500, y: -300 });
		let id = '';
		map.transact(() => {
			id = map.addAgent({ name: 'Llega con vínculo', position: [-70, 10] });
			map.addLink({ from: id, to: neighbour });
		});
		for (const change of changes) applyChange(g, change, source, style());
		const { x, y } = g.getNodeAttributes(id);
		expect(Math.hypot(x - 500, y + 300)).toBeLessThan(1);
	});

	it('drops a deleted agent with its links and shrinks its neighbours', () => {
		const { map, index, source, style, graph, changes } = demo();
		const g = graph();
		const hub = [...index.all()].sort((a, b) => index.degree(b.agent.id) - index.degree(a.agent.id))[0].agent.id;
		const hubLinks = index.linksAt(hub).map((l) => l.id).sort();
		const neighbours = [...new Set(g.neighbors(hub))];
		map.deleteAgent(hub);
		const patches = changes.map((change) => applyChange(g, change, source, style()));
		expect(patches.flatMap((p) => p.droppedNodes)).toEqual([hub]);
		expect(patches.flatMap((p) => p.droppedEdges).sort()).toEqual(hubLinks);
		expect(patches.flatMap((p) => [...p.addedNodes, ...p.addedEdges])).toEqual([]);
		expect(g.size).toBe(260 - hubLinks.length);
		for (const node of neighbours) expect(g.getNodeAttribute(node, 'size')).toBe(nodeSize(g.degree(node)));
	});

	it('follows a change of filter: the graph equals a graph built from the filtered view', () => {
		const { map, engine, source, style, graph, changes } = demo();
		const g = graph();
		const area = map.areas()[0].id;
		engine.setFilter(normalizeFilter({ areas: [area] }));
		for (const change of changes) applyChange(g, change, source, style());
		const fresh = graph();
		expect(g.order).toBeLessThan(165);
		expect(new Set(g.nodes())).toEqual(new Set(fresh.nodes()));
		expect(new Set(g.edges())).toEqual(new Set(fresh.edges()));
		// Back to the whole map.
		engine.setFilter(normalizeFilter({}));
		for (const change of changes.slice(1)) applyChange(g, change, source, style());
		expect(g.order).toBe(165);
		expect(g.size).toBe(260);
	});

	it("recolours a renamed agent's node without moving it", () => {
		const { map, source, graph, changes } = demo();
		const g = graph();
		const agent = map.agents()[5];
		g.mergeNodeAttributes(agent.id, { x: 42, y: 7 });
		map.updateAgent(agent.id, { name: 'Otro nombre', sector: 'media' });
		for (const change of changes) applyChange(g, change, source, nodeStyle('sector', map.areas()));
		expect(g.getNodeAttributes(agent.id)).toMatchObject({ label: 'Otro nombre', x: 42, y: 7, color: '#e07a1f' });
	});
});
