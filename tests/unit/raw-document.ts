/**
 * Writing a map's document directly, as a buggy or hostile peer would: to test that what no
 * model would write is read safely.
 */
import { RECORD_ARRAYS, type MapDocument } from '../../src/lib/model/index.ts';

/** A record (stored as JSON text) appended without the model's checks, with a clock later than any honest one so far. */
export function pushRawRecord(map: MapDocument, collection: 'agents' | 'links', record: Record<string, unknown>): void {
	map.doc.getArray(RECORD_ARRAYS[collection]).push([JSON.stringify({ t: 1_000_000, c: 1, ...record })]);
}
