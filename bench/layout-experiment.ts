/**
 * How much of a large map's cost is the document's layout, not its content (not part of
 * `npm run bench`; evidence for the layout question in the README's Performance section).
 *
 * Takes a generated map in today's layout (each entity a nested `Y.Map`, each membership set a
 * `Y.Map<id, true>`: 50,000 agents and 200,000 links make about 2.9 million Yjs items) and
 * copies the same content into one JSON record per entity appended to a `Y.Array` per
 * collection (Yjs merges a run of appended values into a single item). It then times what a
 * client and a room do with each: encode the whole state, apply it, with and without an
 * `update` listener (Yjs encodes every transaction again for such listeners; y-websocket and
 * y-indexeddb both register one), and read the records back. Content only: a record layout
 * still needs its merge rules (per-field last writer by a logical clock, sets as add/remove
 * operations) before it can replace today's.
 *
 *   npx node --expose-gc bench/layout-experiment.ts --agents=50000
 */
import * as Y from 'yjs';
import { generateMap } from './generate-map.ts';
import { numberOption, timed } from './script-options.ts';

const agents = numberOption('agents', 50_000);
const COLLECTIONS = ['areas', 'niches', 'networks', 'projects', 'agents', 'links'] as const;

/** A plain value for a field: sets (nested maps) become their keys. */
function plain(value: unknown): unknown {
	return value instanceof Y.Map ? [...value.keys()] : value;
}

function toRecordLayout(source: Y.Doc): Y.Doc {
	const doc = new Y.Doc();
	doc.transact(() => {
		for (const name of COLLECTIONS) {
			const records: string[] = [];
			source.getMap<Y.Map<unknown>>(name).forEach((entity, id) => {
				const record: Record<string, unknown> = { id };
				entity.forEach((value, field) => (record[field] = plain(value)));
				records.push(JSON.stringify(record));
			});
			doc.getArray<string>(name).push(records);
		}
	});
	return doc;
}

function countItems(doc: Y.Doc): number {
	let items = 0;
	for (const structs of doc.store.clients.values()) items += structs.length;
	return items;
}

function measure(label: string, doc: Y.Doc, read: (doc: Y.Doc) => number) {
	const [state, encodeMs] = timed(() => Y.encodeStateAsUpdate(doc));
	const quiet = new Y.Doc();
	const [, applyMs] = timed(() => Y.applyUpdate(quiet, state));
	const listened = new Y.Doc();
	listened.on('update', () => {});
	const [, applyListenedMs] = timed(() => Y.applyUpdate(listened, state));
	const [entities, readMs] = timed(() => read(quiet));
	listened.destroy();
	globalThis.gc?.();
	const before = process.memoryUsage().heapUsed;
	const held = new Y.Doc();
	Y.applyUpdate(held, state);
	globalThis.gc?.();
	const heapMb = (process.memoryUsage().heapUsed - before) / 1e6;
	const row = {
		layout: label,
		items: countItems(held),
		MB: +(state.byteLength / 1e6).toFixed(1),
		'encode ms': Math.round(encodeMs),
		'apply ms': Math.round(applyMs),
		'apply with update listener ms': Math.round(applyListenedMs),
		'read ms': Math.round(readMs),
		entities,
		'heap MB': globalThis.gc ? Math.round(heapMb) : 'run with --expose-gc'
	};
	held.destroy();
	quiet.destroy();
	return row;
}

const { map, counts } = generateMap({ agents, seed: numberOption('seed', 2026) });
const nested = measure('nested Y.Maps (today)', map.doc, (doc) => {
	let entities = 0;
	for (const name of COLLECTIONS) doc.getMap<Y.Map<unknown>>(name).forEach((entity) => (entities += entity.toJSON() ? 1 : 0));
	return entities;
});
const records = measure('one JSON record per entity in a Y.Array', toRecordLayout(map.doc), (doc) => {
	let entities = 0;
	for (const name of COLLECTIONS) for (const record of doc.getArray<string>(name).toArray()) entities += JSON.parse(record) ? 1 : 0;
	return entities;
});
console.log(`layout experiment: ${counts.agents} agents, ${counts.links} links (Node ${process.version})`);
console.table([nested, records]);
