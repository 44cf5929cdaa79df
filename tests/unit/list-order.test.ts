/**
 * The agent list's order. `sortAgents` orders as a Spanish or English reader expects
 * (collation, numbers, empty values last); `ListOrder`, which reuses one sort of the whole
 * map across changes of filter, gives exactly the rows a fresh sort of the view would give,
 * for every key and direction, for large views (filtered from the whole order) and small
 * ones (sorted alone), and sorts again after the content changes.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { generateMap } from '../../bench/generate-map.ts';
import { FilterEngine } from '../../src/lib/filters/filter-engine.ts';
import { EMPTY_FILTER, normalizeFilter } from '../../src/lib/filters/filter.ts';
import { AgentIndex } from '../../src/lib/map/agent-index.ts';
import { MapDocument, type Agent, type Sector } from '../../src/lib/model/index.ts';
import { ListOrder, SORT_ALONE_UP_TO } from '../../src/lib/ui/list-order.ts';
import { sortAgents, type SortContext, type SortKey } from '../../src/lib/ui/sort-agents.ts';

const KEYS: SortKey[] = ['name', 'sector', 'area', 'municipality', 'links'];
const names = (agents: readonly Agent[]) => agents.map((agent) => agent.name);

function contextOf(map: MapDocument, index: AgentIndex, locale = 'es'): SortContext {
	return { locale, areas: map.areas(), degree: (id) => index.degree(id), sectorLabel: (sector: Sector) => sector };
}

describe('sortAgents', () => {
	const map = new MapDocument(new Y.Doc(), 'tester');
	for (const [name, municipality] of [
		['Agente 10', 'Soacha'],
		['Ñandú Lab', ''],
		['agente 9', 'Chía'],
		['Nube Verde', 'Bogotá'],
		['Árbol Vivo', 'Zipaquirá']
	]) {
		map.addAgent({ name, municipality, position: [-74.1, 4.6] });
	}
	const index = new AgentIndex(map);

	it('sorts names by the language’s collation: accents and case aside, numbers as numbers, ñ after n in Spanish', () => {
		expect(names(sortAgents(map.agents(), 'name', false, contextOf(map, index)))).toEqual([
			'agente 9',
			'Agente 10',
			'Árbol Vivo',
			'Nube Verde',
			'Ñandú Lab'
		]);
	});

	it('puts agents without a municipality last in both directions', () => {
		for (const descending of [false, true]) {
			const sorted = sortAgents(map.agents(), 'municipality', descending, contextOf(map, index));
			expect(sorted.at(-1)!.name).toBe('Ñandú Lab');
		}
		expect(names(sortAgents(map.agents(), 'municipality', true, contextOf(map, index))).slice(0, 2)).toEqual(['Árbol Vivo', 'Agente 10']);
	});
});

describe('ListOrder', () => {
	const { map } = generateMap({ agents: 3 * SORT_ALONE_UP_TO, seed: 5 });
	const index = new AgentIndex(map);
	const engine = new FilterEngine(index);
	const everyone = () => [...index.all()].map((facts) => facts.agent);
	const viewAgents = () => [...engine.ids].map((id) => index.get(id)!.agent);
	let version = 0;
	index.subscribe(() => version++);

	function rowsOf(order: ListOrder, key: SortKey, descending: boolean): Agent[] {
		const request = { key, descending, context: contextOf(map, index), version: String(version) };
		return order.rows(request, { ids: engine.ids, agents: viewAgents }, everyone);
	}

	function expectFreshSort(order: ListOrder): void {
		for (const key of KEYS) {
			for (const descending of [false, true]) {
				const expected = sortAgents(viewAgents(), key, descending, contextOf(map, index));
				expect(rowsOf(order, key, descending).map((agent) => agent.id)).toEqual(expected.map((agent) => agent.id));
			}
		}
	}

	it('gives a fresh sort’s rows for the whole map, large views and small views, across changes of filter', () => {
		const order = new ListOrder();
		const areas = map.areas().map((area) => area.id);
		const filters = [
			EMPTY_FILTER,
			normalizeFilter({ areas: [areas[0]] }),
			normalizeFilter({ sectors: ['academia'] }),
			normalizeFilter({ areas: [areas[1]], sectors: ['public'] }),
			normalizeFilter({ text: 'zzz-nobody' }),
			EMPTY_FILTER
		];
		const sizes: number[] = [];
		for (const filter of filters) {
			engine.setFilter(filter);
			sizes.push(engine.ids.size);
			expectFreshSort(order);
		}
		// The cases above include views sorted alone and views filtered from the whole order.
		expect(sizes.some((size) => size > SORT_ALONE_UP_TO)).toBe(true);
		expect(sizes.some((size) => size > 0 && size <= SORT_ALONE_UP_TO)).toBe(true);
	});

	it('sorts again after an agent is renamed or linked, for the key already in use', () => {
		const order = new ListOrder();
		engine.setFilter(EMPTY_FILTER);
		const fresh = (key: SortKey) => sortAgents(viewAgents(), key, false, contextOf(map, index)).map((agent) => agent.id);
		const [first, second] = map.agents();
		expect(rowsOf(order, 'name', false)[0].id).not.toBe(first.id);
		map.updateAgent(first.id, { name: '000 primero ahora' });
		expect(rowsOf(order, 'name', false).map((agent) => agent.id)).toEqual(fresh('name'));
		expect(rowsOf(order, 'name', false)[0].id).toBe(first.id);
		rowsOf(order, 'links', false);
		map.addLink({ from: first.id, to: second.id, kind: 'agreement' });
		expect(rowsOf(order, 'links', false).map((agent) => agent.id)).toEqual(fresh('links'));
	});
});
