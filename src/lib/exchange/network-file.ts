/**
 * The exported network for network-analysis tools (Gephi, Gephi Lite, Cytoscape): agents as
 * nodes with their sector, areas and position; links as weighted edges typed by kind. One
 * graphology graph, written as GEXF by graphology-gexf and as GraphML by `graphml.ts`
 * (graphology-graphml only parses). Links are undirected, as the map's measures treat them;
 * two agents may have links of several kinds, hence a multigraph.
 */
import { MultiUndirectedGraph } from 'graphology';
import { write as writeGEXF } from 'graphology-gexf';
import { SECTOR_COLORS } from '../map/agent-features.ts';
import type { ExportData } from './export-data.ts';
import type { ExportLabels } from './export-labels.ts';
import { round7 } from './geojson.ts';
import { writeGraphML, xmlSafe } from './graphml.ts';

export interface NodeAttributes {
	label: string;
	sector: string;
	sector_label: string;
	/** The area the map colours the agent by (its first in the map's order); '' for none. */
	area: string;
	areas: string;
	niches: string;
	networks: string;
	projects: string;
	municipality: string;
	lon: number;
	lat: number;
	contact?: string;
	/** Layout position (Web Mercator, y up), so the first view in Gephi looks like the map. */
	x: number;
	y: number;
	color: string;
}

export interface EdgeAttributes {
	label: string;
	kind: string;
	kind_label: string;
	weight: number;
	note: string;
	since: string;
}

export interface NetworkMeta {
	filter: string;
	exportedAt: Date;
	labels: ExportLabels;
}

/** Layout units per degree of longitude: a region of a few degrees spans a few thousand. */
const SCALE = 1000;

function mercatorY(lat: number): number {
	const clamped = Math.max(-85, Math.min(85, lat));
	return (Math.log(Math.tan(Math.PI / 4 + (clamped * Math.PI) / 360)) * 180) / Math.PI;
}

export function toGraph(data: ExportData, meta: NetworkMeta): MultiUndirectedGraph<NodeAttributes, EdgeAttributes> {
	const graph = new MultiUndirectedGraph<NodeAttributes, EdgeAttributes>();
	graph.replaceAttributes({
		creator: 'Tejido',
		description: xmlSafe(meta.filter ? `${data.mapName} (${meta.filter})` : data.mapName),
		lastModifiedDate: meta.exportedAt.toISOString().slice(0, 10)
	});
	const areaOrder = new Map(data.catalogue.areas.map((area, index) => [area.name, index]));
	const list = (values: readonly string[]) => xmlSafe(values.join('; '));
	for (const agent of data.agents) {
		const [lon, lat] = [round7(agent.position[0]), round7(agent.position[1])];
		const first = [...agent.areas].sort((a, b) => (areaOrder.get(a) ?? Infinity) - (areaOrder.get(b) ?? Infinity))[0] ?? '';
		graph.addNode(agent.id, {
			label: xmlSafe(agent.name),
			sector: agent.sector,
			sector_label: meta.labels.sector(agent.sector),
			area: xmlSafe(first),
			areas: list(agent.areas),
			niches: list(agent.niches),
			networks: list(agent.networks),
			projects: list(agent.projects),
			municipality: xmlSafe(agent.municipality),
			lon,
			lat,
			...(data.includeContact ? { contact: xmlSafe(agent.contact) } : {}),
			x: Math.round(lon * SCALE * 100) / 100,
			y: Math.round(mercatorY(lat) * SCALE * 100) / 100,
			color: SECTOR_COLORS[agent.sector]
		});
	}
	for (const link of data.links) {
		graph.addEdgeWithKey(link.id, link.from, link.to, {
			label: meta.labels.linkKind(link.kind),
			kind: link.kind,
			kind_label: meta.labels.linkKind(link.kind),
			weight: link.weight,
			note: xmlSafe(link.note),
			since: xmlSafe(link.since)
		});
	}
	return graph;
}

/** GEXF 1.3 (Gephi 0.10, Gephi Lite): position and colour as `viz`, the rest as attributes. */
export function toGEXF(graph: MultiUndirectedGraph<NodeAttributes, EdgeAttributes>): string {
	return writeGEXF(graph, {
		version: '1.3',
		formatNode: (_key, { label, x, y, color, ...attributes }) => ({ label, attributes, viz: { x, y, color, size: 10 } }),
		formatEdge: (_key, { label, weight, ...attributes }) => ({ label, weight, attributes })
	});
}

export function toGraphML(graph: MultiUndirectedGraph<NodeAttributes, EdgeAttributes>): string {
	return writeGraphML(graph);
}
