/**
 * How the network draws agents and links, in the map's colours: a node takes its agent's first
 * area's colour (or its sector's, as the legend chooses), an edge its link kind's colour, quiet
 * unless its agent is chosen, wider with weight. Sizes grow with degree.
 */
import { NO_AREA_COLOR, SECTOR_COLORS, areaRank, primaryArea, type ColorBy } from '#lib/map/agent-features.ts';
import { EMPHASISED_OPACITY, LINK_KIND_COLORS, QUIET_OPACITY, WEIGHT_WIDTH } from '#lib/map/link-style.ts';
import type { Agent, Area, Link } from '#lib/model/index.ts';

export interface NodeAttributes {
	label: string;
	x: number;
	y: number;
	size: number;
	color: string;
	/** The colouring area ('' for none), for the hover and the tests. */
	area: string;
	/** Pinned by a drag: the layout leaves it where the person put it (FA2 reads `fixed`). */
	fixed: boolean;
}

export interface EdgeAttributes {
	kind: string;
	weight: number;
	size: number;
	color: string;
}

export interface NodeStyle {
	readonly colorBy: ColorBy;
	readonly rank: ReadonlyMap<string, number>;
	readonly areaColors: ReadonlyMap<string, string>;
}

export function nodeStyle(colorBy: ColorBy, areas: readonly Area[]): NodeStyle {
	return { colorBy, rank: areaRank(areas), areaColors: new Map(areas.map((area) => [area.id, area.color])) };
}

/** The attributes that follow from the agent itself (position and size are the layout's). */
export function nodeAttributes(agent: Agent, style: NodeStyle): Pick<NodeAttributes, 'label' | 'color' | 'area'> {
	const area = primaryArea(agent, style.rank);
	const color = style.colorBy === 'sector' ? SECTOR_COLORS[agent.sector] ?? SECTOR_COLORS.other : (style.areaColors.get(area) ?? NO_AREA_COLOR);
	return { label: agent.name, color, area };
}

/** Node radius (px) by degree: an isolated agent stays visible, a hub does not cover the rest. */
export function nodeSize(degree: number): number {
	return Math.min(18, 3 + 2.2 * Math.sqrt(degree));
}

/** Edge width (px) by weight 1–5, as the map's links. */
export function edgeSize(weight: number): number {
	const clamped = Math.max(1, Math.min(5, weight));
	return WEIGHT_WIDTH.light + ((clamped - 1) / 4) * (WEIGHT_WIDTH.heavy - WEIGHT_WIDTH.light);
}

export function edgeAttributes(link: Link): EdgeAttributes {
	return { kind: link.kind, weight: link.weight, size: edgeSize(link.weight), color: withOpacity(kindColor(link.kind), QUIET_OPACITY) };
}

export function kindColor(kind: string): string {
	return LINK_KIND_COLORS[kind as keyof typeof LINK_KIND_COLORS] ?? LINK_KIND_COLORS.other;
}

/** An edge of the chosen agent: opaque, as on the map. */
export function emphasisedEdgeColor(kind: string): string {
	return withOpacity(kindColor(kind), EMPHASISED_OPACITY);
}

/** What is neither chosen nor a neighbour of it, while an agent is chosen: faded. */
export const FADED_NODE_COLOR = '#d5d9de';
export const FADED_EDGE_COLOR = '#e4e7ea80';

/** `#rrggbb` with an alpha, as sigma reads colours (`#rrggbbaa`). */
export function withOpacity(hex: string, opacity: number): string {
	const alpha = Math.round(Math.max(0, Math.min(1, opacity)) * 255)
		.toString(16)
		.padStart(2, '0');
	return `${hex.slice(0, 7)}${alpha}`;
}
