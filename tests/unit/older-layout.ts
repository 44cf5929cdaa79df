/** Writing a map as schema version 1 did, to test that maps stored so still read and edit. */
import * as Y from 'yjs';
import type { MapDocument } from '../../src/lib/model/index.ts';

/** A link as maps of schema version 1 stored it: a `Y.Map` of fields in the `links` map. */
export function addOlderLayoutLink(map: MapDocument, id: string, fields: Record<string, unknown>): void {
	map.doc.transact(() => {
		const link = new Y.Map<unknown>();
		map.doc.getMap('links').set(id, link);
		for (const [key, value] of Object.entries(fields)) link.set(key, value);
	});
}
