/**
 * The focus source's agents: the selected and hovered ones, above the clusters at every zoom,
 * and the agents at the other ends of their links in the view ("partners"). While agents are
 * clustered only these links are drawn (the focus links layer), so each one ends at an agent
 * drawn for it, never beside a cluster.
 */
import type { Feature, Point } from 'geojson';
import type { Agent, Link } from '#lib/model/index.ts';
import { agentFeature, type AgentProps } from './agent-features.ts';

export type FocusProps = AgentProps & { selected?: boolean; partner?: boolean };

export interface FocusInput {
	selectedId: string | null;
	hoveredId: string | null;
	agent: (id: string) => Agent | undefined;
	linksAt: (id: string) => readonly Link[];
	/** Whether a link is in the view (both its agents pass the filter). */
	inView: (linkId: string) => boolean;
	rank: ReadonlyMap<string, number>;
}

export function focusFeatures({ selectedId, hoveredId, agent, linksAt, inView, rank }: FocusInput): Feature<Point, FocusProps>[] {
	const chosen = [selectedId, hoveredId].filter((id, i, all): id is string => id !== null && all.indexOf(id) === i);
	const partners = new Set<string>();
	for (const id of chosen) {
		for (const link of linksAt(id)) {
			const other = link.from === id ? link.to : link.from;
			if (inView(link.id) && !chosen.includes(other)) partners.add(other);
		}
	}
	const feature = (id: string, extra: Partial<FocusProps>): Feature<Point, FocusProps>[] => {
		const found = agent(id);
		if (!found) return [];
		const plain = agentFeature(found, rank);
		return [{ ...plain, properties: { ...plain.properties, ...extra } }];
	};
	return [...[...partners].flatMap((id) => feature(id, { partner: true })), ...chosen.flatMap((id) => feature(id, { selected: id === selectedId }))];
}
