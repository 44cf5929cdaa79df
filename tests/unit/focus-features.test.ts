/**
 * While agents are clustered, only the chosen (selected or hovered) agent's links are drawn, and
 * the focus source (src/lib/map/focus-features.ts) holds an agent at each of their ends: every
 * drawn link of the chosen agent ends at an agent drawn for it, never beside a cluster. Links
 * out of the view are left out with their partners; the chosen agents are drawn once each.
 */
import { describe, expect, it } from 'vitest';
import { focusFeatures } from '../../src/lib/map/focus-features.ts';
import type { Agent, Link } from '../../src/lib/model/index.ts';

const agent = (id: string, lon: number): Agent => ({ id, name: id, sector: 'public', position: [lon, 4.6], areaIds: [] }) as unknown as Agent;
const link = (id: string, from: string, to: string): Link => ({ id, from, to, kind: 'partnership', weight: 1 }) as Link;

const agents = new Map(['a', 'b', 'c', 'd'].map((id, i) => [id, agent(id, -74 + i)]));
const links = [link('ab', 'a', 'b'), link('ca', 'c', 'a'), link('ad', 'a', 'd'), link('bc', 'b', 'c')];
const hidden = new Set(['ad']);

function focus(selectedId: string | null, hoveredId: string | null) {
	return focusFeatures({
		selectedId,
		hoveredId,
		agent: (id) => agents.get(id),
		linksAt: (id) => links.filter((l) => l.from === id || l.to === id),
		inView: (id) => !hidden.has(id),
		rank: new Map()
	});
}

describe('focus features', () => {
	it('draws the chosen agent and an agent at the far end of each of its links in the view', () => {
		const features = focus('a', null);
		const drawn = new Set(features.map((f) => f.properties.id));
		for (const l of links.filter((l) => (l.from === 'a' || l.to === 'a') && !hidden.has(l.id))) {
			expect(drawn.has(l.from) && drawn.has(l.to)).toBe(true);
		}
		expect(features.find((f) => f.properties.id === 'a')!.properties.selected).toBe(true);
		expect(features.filter((f) => f.properties.partner).map((f) => f.properties.id).sort()).toEqual(['b', 'c']);
		// d is linked only by a link out of the view: not drawn.
		expect(drawn.has('d')).toBe(false);
	});

	it('draws a chosen agent once, as chosen, even when it is the other’s partner', () => {
		const features = focus('a', 'b');
		expect(features.filter((f) => f.properties.id === 'b')).toHaveLength(1);
		expect(features.find((f) => f.properties.id === 'b')!.properties).toMatchObject({ selected: false });
		expect(features.filter((f) => f.properties.partner).map((f) => f.properties.id)).toEqual(['c']);
		expect(focus(null, null)).toEqual([]);
	});
});
