/** The one merge both stores compact with, so their snapshots are byte-for-byte alike. */
import * as Y from 'yjs';
import { StoreError } from './document-store.ts';

/**
 * Merges a snapshot and updates without loading a document: `Y.mergeUpdates` works on the
 * encoded structs, so compacting never holds a second copy of a map in memory. The price: it
 * does not garbage-collect, so content deleted after it was stored stays in the snapshot
 * (a room that loads the snapshot drops it from memory).
 */
export function mergeForSnapshot(mapId: string, snapshot: Uint8Array | null, updates: Uint8Array[]): Uint8Array {
	const parts = snapshot ? [snapshot, ...updates] : updates;
	try {
		return parts.length === 1 ? new Uint8Array(parts[0]) : Y.mergeUpdates(parts);
	} catch (error) {
		throw new StoreError(mapId, 'stored updates could not be merged into a snapshot: one of them is damaged', { cause: error });
	}
}
