/**
 * The managers' view without a browser: how long the map index, a change of filter in the
 * filter engine, the agent list's order and a whole-map GeoJSON export (as the browser makes
 * it, from the index) take on a generated map, in Node. The browser
 * figures of `npm run bench` add MapLibre, Svelte and software WebGL on top and are noisy on a
 * shared machine; these isolate the app's own work (not part of `npm run bench`).
 *
 *   npx node bench/view-bench.ts --agents=50000 [--seed=2026] [--rounds=3]
 */
import { generateMap } from './generate-map.ts';
import { distribution } from './stats.ts';
import { FilterEngine } from '../src/lib/filters/filter-engine.ts';
import { EMPTY_FILTER, normalizeFilter } from '../src/lib/filters/filter.ts';
import { collectExport } from '../src/lib/exchange/export-data.ts';
import { serializeGeoJSON, toGeoJSON } from '../src/lib/exchange/geojson.ts';
import { AgentIndex } from '../src/lib/map/agent-index.ts';
import { ContentChanges } from '../src/lib/filters/content-changes.ts';
import { ListOrder } from '../src/lib/ui/list-order.ts';
import { sortAgents, type SortContext } from '../src/lib/ui/sort-agents.ts';
import { numberOption, timed } from './script-options.ts';

const agents = numberOption('agents', 50_000);
const rounds = numberOption('rounds', 3);

const { map, counts } = generateMap({ agents, seed: numberOption('seed', 2026) });
const [index, indexMs] = timed(() => new AgentIndex(map));
const [engine, engineMs] = timed(() => new FilterEngine(index));
const areas = map.areas();
const context: SortContext = { locale: 'es', areas, degree: (id) => index.degree(id), sectorLabel: (sector) => sector };
const everyone = () => [...index.all()].map((facts) => facts.agent);
const viewAgents = () => [...engine.ids].map((id) => index.get(id)!.agent);
const order = new ListOrder();
const whole = { agents: everyone, agent: (id: string) => index.get(id)?.agent, changes: new ContentChanges() };
const rows = () => order.rows({ key: 'name', descending: false, context, version: 'es', content: 0 }, { ids: engine.ids, agents: viewAgents }, whole);

const [, firstOrderMs] = timed(rows);
const setFilterMs: number[] = [];
const listMs: number[] = [];
const freshSortMs: number[] = [];
for (let round = 0; round < rounds; round++) {
	for (const area of areas) {
		for (const filter of [normalizeFilter({ areas: [area.id] }), EMPTY_FILTER]) {
			setFilterMs.push(timed(() => engine.setFilter(filter))[1]);
			listMs.push(timed(rows)[1]);
			freshSortMs.push(timed(() => sortAgents(viewAgents(), 'name', false, context))[1]);
		}
	}
}

engine.setFilter(EMPTY_FILTER);
const [data, collectMs] = timed(() => collectExport(map, { agents: viewAgents(), links: [...index.links()] }));
const [collection, geojsonMs] = timed(() => toGeoJSON(data, { filter: '', exportedAt: new Date() }));
const [text, serializeMs] = timed(() => serializeGeoJSON(collection));

const figure = (ms: number[]) => {
	const d = distribution(ms);
	return `p50 ${d.p50.toFixed(0)} / p95 ${d.p95.toFixed(0)} / max ${d.max.toFixed(0)} ms`;
};
console.log(`view bench: ${counts.agents} agents, ${counts.links} links (Node ${process.version}); ${setFilterMs.length} changes of filter`);
console.log(`  map index, built from the document      ${indexMs.toFixed(0)} ms`);
console.log(`  filter engine, first evaluation         ${engineMs.toFixed(0)} ms`);
console.log(`  list order, first sort of the whole map ${firstOrderMs.toFixed(0)} ms`);
console.log(`  filter change (an area on, then off):   ${figure(setFilterMs)}`);
console.log(`  list rows after it (ListOrder):         ${figure(listMs)}`);
console.log(`  the same rows by sorting the view:      ${figure(freshSortMs)}`);
console.log(
	`  whole-map GeoJSON export: collect ${collectMs.toFixed(0)} ms, features ${geojsonMs.toFixed(0)} ms, ` +
		`text ${serializeMs.toFixed(0)} ms (${(text.length / 1e6).toFixed(1)} M characters)`
);
