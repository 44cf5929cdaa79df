/**
 * The agent list's order. `sortAgents` orders as a Spanish or English reader expects
 * (collation, numbers, empty values last); `ListOrder`, which reuses one sort of the whole
 * map across changes of filter and patches it after edits, gives exactly the rows a fresh sort
 * of the view would give, for every key and direction, for large views (filtered from the whole
 * order) and small ones (sorted alone), after one edit or many.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { generateMap } from '../../bench/generate-map.ts';
import { FilteredView } from '../../src/lib/filters/filtered-view.svelte.ts';
import { EMPTY_FILTER, normalizeFilter } from '../../src/lib/filters/filter.ts';
import { AgentIndex } from '../../src/lib/map/agent-index.ts';
import { MapDocument, SECTORS, type Agent, type Sector } from '../../src/lib/model/index.ts';
import { CHANGES_KEPT_UP_TO } from '../../src/lib/filters/content-changes.ts';
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
	const view = new FilteredView(map);
	const { index } = view;
	const viewAgents = () => [...view.engine.ids].map((id) => index.get(id)!.agent);
	const whole = {
		agents: () => [...index.all()].map((facts) => facts.agent),
		agent: (id: string) => index.get(id)?.agent,
		changes: view.contentChanges
	};

	function rowsOf(order: ListOrder, key: SortKey, descending: boolean): Agent[] {
		const request = { key, descending, context: contextOf(map, index), version: 'es', content: view.contentVersion };
		return order.rows(request, { ids: view.engine.ids, agents: viewAgents }, whole);
	}

	function expectFreshSort(order: ListOrder, key: SortKey, descending: boolean): void {
		const expected = sortAgents(viewAgents(), key, descending, contextOf(map, index));
		expect(rowsOf(order, key, descending).map((agent) => agent.id)).toEqual(expected.map((agent) => agent.id));
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
			view.filter = filter;
			sizes.push(view.engine.ids.size);
			for (const key of KEYS) for (const descending of [false, true]) expectFreshSort(order, key, descending);
		}
		// The cases above include views sorted alone and views filtered from the whole order.
		expect(sizes.some((size) => size > SORT_ALONE_UP_TO)).toBe(true);
		expect(sizes.some((size) => size > 0 && size <= SORT_ALONE_UP_TO)).toBe(true);
	});

	it('puts an agent renamed or linked in its new place, for the key already in use', () => {
		const order = new ListOrder();
		view.filter = EMPTY_FILTER;
		const [first, second] = map.agents();
		expect(rowsOf(order, 'name', false)[0].id).not.toBe(first.id);
		map.updateAgent(first.id, { name: '000 primero ahora' });
		expectFreshSort(order, 'name', false);
		expect(rowsOf(order, 'name', false)[0].id).toBe(first.id);
		rowsOf(order, 'links', true);
		map.addLink({ from: first.id, to: second.id, kind: 'agreement' });
		expectFreshSort(order, 'links', true);
	});

	it('stays a fresh sort through random edits between readings, few or many at a time', () => {
		const random = seeded(11);
		const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
		const areas = map.areas().map((area) => area.id);
		const edits: (() => void)[] = [
			() => map.updateAgent(pick(ids), { name: `${pick(['Ábaco', 'zeta', 'Ñu', 'agente 7', 'Agente 10'])} ${Math.floor(random() * 100)}` }),
			() => map.updateAgent(pick(ids), { sector: pick(SECTORS) }),
			() => map.updateAgent(pick(ids), { municipality: pick(['', 'Chía', 'Bogotá D.C.', 'Zipaquirá']) }),
			() => map.setMembers(pick(ids), 'areaIds', random() < 0.3 ? [] : [pick(areas)]),
			() => map.addAgent({ name: `Nuevo ${Math.floor(random() * 1000)}`, position: [-74.1, 4.6] }),
			() => map.deleteAgent(pick(ids)),
			() => map.addLink({ from: pick(ids), to: pick(ids), kind: 'agreement' }),
			() => map.deleteLink(pick([...index.links()]).id)
		];
		const order = new ListOrder();
		view.filter = EMPTY_FILTER;
		let ids: string[] = [];
		let readings = 0;
		for (let round = 0; round < 40; round++) {
			ids = [...index.all()].map((facts) => facts.agent.id);
			const key = pick(KEYS);
			const descending = random() < 0.5;
			expectFreshSort(order, key, descending);
			readings++;
			// Mostly one edit or a few, now and then more than an order patches (it sorts again).
			const count = round % 20 === 19 ? CHANGES_KEPT_UP_TO + 1 : 1 + Math.floor(random() * 4);
			map.doc.transact(() => {
				for (let i = 0; i < count; i++) {
					try {
						pick(edits)();
					} catch {
						// A self-link, say: refused by the model, nothing changed.
					}
				}
			});
			// Now and then, several changes before the list reads its rows again.
			if (random() < 0.3) map.updateAgent(pick(ids), { name: `Otra vez ${round}` });
			if (random() < 0.5) expectFreshSort(order, key, descending);
		}
		expect(readings).toBe(40);
	}, 60_000);
});

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function seeded(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
