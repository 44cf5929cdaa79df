/**
 * The one merge both stores compact with, so their snapshots are byte-for-byte alike, whether
 * it runs inline or on the merge thread (merge-worker.ts).
 */
import * as Y from 'yjs';
import { StoreError } from './document-store.ts';

/**
 * Merges a snapshot and updates without loading a document: `Y.mergeUpdates` works on the
 * encoded structs, so compacting never holds a second copy of a map in memory. The price: it
 * does not garbage-collect, so content deleted after it was stored stays in the snapshot
 * (a room that loads the snapshot drops it from memory). Throws whatever Yjs throws.
 */
export function mergeParts(parts: Uint8Array[]): Uint8Array {
	return parts.length === 1 ? new Uint8Array(parts[0]) : Y.mergeUpdates(parts);
}

/** The parts of a snapshot in merge order: the old snapshot (if any), then the updates. */
export function snapshotParts(snapshot: Uint8Array | null, updates: Uint8Array[]): Uint8Array[] {
	return snapshot ? [snapshot, ...updates] : updates;
}

/** The error a failed merge becomes, inline or on the merge thread. */
export function mergeFailure(mapId: string, cause: unknown): StoreError {
	return new StoreError(mapId, 'stored updates could not be merged into a snapshot: one of them is damaged', { cause });
}

/** Merges on the calling thread: for small inputs, and wherever blocking does not matter. */
export function mergeForSnapshot(mapId: string, snapshot: Uint8Array | null, updates: Uint8Array[]): Uint8Array {
	try {
		return mergeParts(snapshotParts(snapshot, updates));
	} catch (error) {
		throw mergeFailure(mapId, error);
	}
}
