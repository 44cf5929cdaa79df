/**
 * Writing a map's document directly, as schema version 1 or a buggy peer would: to test that
 * maps stored so still read and edit, and that what no model would write is read safely.
 */
import * as Y from 'yjs';
import { RECORD_ARRAYS, type MapDocument } from '../../src/lib/model/index.ts';

/** An entity as maps of schema version 1 stored it: a `Y.Map` of fields (sets as `Y.Map`s). */
export function addOlderLayoutEntity(map: MapDocument, collection: 'agents' | 'links', id: string, fields: Record<string, unknown>): void {
	map.doc.transact(() => {
		const entity = new Y.Map<unknown>();
		map.doc.getMap(collection).set(id, entity);
		for (const [key, value] of Object.entries(fields)) {
			if (!Array.isArray(value) || key === 'position') entity.set(key, value);
			else entity.set(key, new Y.Map(value.map((member) => [String(member), true])));
		}
	});
}

/** A record (stored as JSON text) appended without the model's checks, with a clock later than any honest one so far. */
export function pushRawRecord(map: MapDocument, collection: 'agents' | 'links', record: Record<string, unknown>): void {
	map.doc.getArray(RECORD_ARRAYS[collection]).push([JSON.stringify({ t: 1_000_000, c: 1, ...record })]);
}
