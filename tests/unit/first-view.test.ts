/**
 * The first view (src/lib/map/first-view/format.ts): it must draw exactly what the live view draws for
 * the same document, and a damaged answer from the network must never reach the map.
 */
import { describe, expect, it } from 'vitest';
import { agentFeature, areaRank } from '../../src/lib/map/agent-features.ts';
import { FIRST_VIEW_FORMAT, buildFirstView, drawsTheSame, firstViewFeatures, readFirstView } from '../../src/lib/map/first-view/format.ts';
import { demoMap } from '../fixtures/exchange/helpers.ts';

describe('first view', () => {
	it('draws every agent as the live view does: same ids, positions, names, sectors and colouring area', () => {
		const map = demoMap();
		const areas = map.areas();
		// An agent in two areas is coloured by the first in the areas' order, on both paths.
		const [first, second] = areas;
		const twoAreas = map.addAgent({ name: 'Dos áreas', position: [-74.05, 4.65], sector: 'research', areaIds: [second.id, first.id] });
		const view = buildFirstView(map);
		const rank = areaRank(areas);
		const live = map.agents().map((agent) => agentFeature(agent, rank));
		expect(firstViewFeatures(view)).toEqual(live);
		expect(view.areas).toEqual(areas);
		expect(firstViewFeatures(view).find((feature) => feature.id === twoAreas)?.properties.area).toBe(first.id);
	});

	it('tells whether the live view draws the same as the first view (then the map keeps what it drew)', () => {
		const map = demoMap();
		const view = buildFirstView(map);
		const live = () => map.agents().map((agent) => agentFeature(agent, areaRank(map.areas())));
		expect(drawsTheSame(view, live())).toBe(true);
		const [first, second, third] = map.agents();
		const changes = [
			() => map.moveAgent(first.id, [first.position[0] + 0.001, first.position[1]]),
			() => map.updateAgent(second.id, { name: `${second.name} (nuevo nombre)` }),
			() => map.deleteAgent(third.id)
		];
		for (const change of changes) {
			const before = buildFirstView(map);
			change();
			expect(drawsTheSame(before, live())).toBe(false);
		}
	});

	it('holds only the agents the filter accepts', () => {
		const map = demoMap();
		const sector = map.agents()[0].sector;
		const view = buildFirstView(map, (agent) => agent.sector === sector);
		const expected = map.agents().filter((agent) => agent.sector === sector).map((agent) => agent.id);
		expect(view.agents.map(([id]) => id)).toEqual(expected);
		expect(expected.length).toBeLessThan(map.agents().length);
	});

	it('survives the network: what the server sends reads back to the same view', () => {
		const view = buildFirstView(demoMap());
		expect(readFirstView(JSON.parse(JSON.stringify(view)))).toEqual(view);
	});

	it('refuses an answer that is not a first view (an error body, another format, no list)', () => {
		for (const value of [null, 'text', 42, { error: 'Sign in' }, { format: 'tejido-first-view/0', areas: [], agents: [] }, { format: FIRST_VIEW_FORMAT, areas: [] }]) {
			expect(readFirstView(value)).toBeNull();
		}
	});

	it('leaves out rows that cannot be drawn (bad coordinates, unknown sector, wrong shape), keeping the rest', () => {
		const good = ['a1', -74.1, 4.6, 'public', '', 'Alcaldía'];
		const read = readFirstView({
			format: FIRST_VIEW_FORMAT,
			areas: [{ id: 'x', name: 'X', color: '#123456', order: 0 }, { id: 7 }],
			agents: [
				good,
				['a2', 200, 4.6, 'public', '', 'Longitude out of range'],
				['a3', -74.1, Number.NaN, 'public', '', 'Not a number'],
				['a4', -74.1, 4.6, 'pirates', '', 'Unknown sector'],
				['a5', -74.1, 4.6, 'public', ''],
				[5, -74.1, 4.6, 'public', '', 'Numeric id'],
				'a6'
			]
		});
		expect(read?.agents).toEqual([good]);
		expect(read?.areas).toEqual([{ id: 'x', name: 'X', color: '#123456', order: 0 }]);
	});
});
