/**
 * A client that arrives with nothing gets the room's kept encoding of the document plus the
 * updates applied since (server/collab/full-state-cache.ts), through the real protocol code.
 * Whatever the edits, and however joins interleave with them, such a client ends with exactly
 * the room's document once it has step 2; the kept encoding is dropped when its tail grows
 * large or no one has needed it for a while, and it is encoded again only then.
 */
import fc from 'fast-check';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { FullStateCache } from '../../server/collab/full-state-cache.ts';
import { MESSAGE_SYNC, encodeSyncStep1, handleMessage, type Connection, type RoomState } from '../../server/collab/protocol.ts';
import { MapDocument } from '../../src/lib/model/index.ts';
import { applyRandomEdit, randomEdit } from '../server/random-edits.ts';

afterEach(() => vi.useRealTimers());

/** A room as the protocol sees it, with the cache wired in as the real room does. */
function roomOf(doc: Y.Doc, cache: FullStateCache): RoomState {
	return {
		doc,
		awareness: new Awareness(doc),
		presenceOf: () => new Set(),
		onRejectedWrite: () => {},
		fullState: () => cache.get()
	};
}

/** Joins as a stock client that has nothing: sends sync step 1, applies every reply in order. */
function join(room: RoomState): { doc: Y.Doc; syncedAfter: number; messages: number } {
	const doc = new Y.Doc();
	const replies: Uint8Array[] = [];
	const connection: Connection = { id: 'fresh', actor: 'fresh', canWrite: true, send: (m) => replies.push(m), close: () => {} };
	handleMessage(connection, room, encodeSyncStep1(doc));
	let syncedAfter = -1;
	replies.forEach((reply, i) => {
		const decoder = decoding.createDecoder(reply);
		expect(decoding.readVarUint(decoder)).toBe(MESSAGE_SYNC);
		const kind = syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), doc, 'server');
		if (kind === syncProtocol.messageYjsSyncStep2) syncedAfter = i;
	});
	return { doc, syncedAfter, messages: replies.length };
}

const canonical = (doc: Y.Doc) => new MapDocument(doc).toCanonicalJSON();

describe('the whole document kept encoded for clients that have nothing', () => {
	it('gives every joining client exactly the room’s document, whatever edits come between joins', () => {
		let joinsWithTail = 0;
		const step = fc.oneof(randomEdit(2).map((edit) => ({ edit })), fc.constant({ join: true as const }));
		fc.assert(
			fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 8 }), (steps, maxTailUpdates) => {
				const doc = new Y.Doc();
				const map = new MapDocument(doc, 'room');
				const keep = map.addAgent({ name: 'Siempre', position: [-74.08, 4.6] });
				// A tiny map's encoding is small next to one edit: let the tail grow past its usual share.
				const cache = new FullStateCache(doc, { maxTailUpdates, maxTailShare: 10 });
				const room = roomOf(doc, cache);
				for (const s of [...steps, { join: true as const }]) {
					if ('edit' in s) applyRandomEdit(map, s.edit, keep);
					else {
						if (cache.cached && cache.get().tail.length > 0) joinsWithTail++;
						const fresh = join(room);
						// Step 2 comes last: a client that calls itself synced has everything.
						expect(fresh.syncedAfter).toBe(fresh.messages - 1);
						expect(canonical(fresh.doc)).toBe(canonical(doc));
						expect(Y.encodeStateVector(fresh.doc)).toEqual(Y.encodeStateVector(doc));
					}
				}
				cache.destroy();
			}),
			{ numRuns: 150 }
		);
		// The runs did exercise the kept encoding with updates after it, not only fresh encodings.
		expect(joinsWithTail).toBeGreaterThan(20);
	});

	it('encodes once for many joins, and again only after its tail grew large or it sat unused', () => {
		vi.useFakeTimers();
		const doc = new Y.Doc();
		const map = new MapDocument(doc, 'room');
		const cache = new FullStateCache(doc, { idleMs: 60_000, maxTailUpdates: 5, maxTailShare: 100 });
		try {
			map.addAgent({ name: 'Uno', position: [-74.08, 4.6] });
			const first = cache.get();
			map.addAgent({ name: 'Dos', position: [-74.09, 4.6] });
			const second = cache.get();
			expect(second.base).toBe(first.base); // not encoded again
			expect(second.tail).toHaveLength(1);

			for (let i = 0; i < 5; i++) map.addAgent({ name: `Más ${i}`, position: [-74.1, 4.6] });
			expect(cache.cached).toBe(false); // six updates in the tail: past the limit
			const third = cache.get();
			expect(third.base).not.toBe(first.base);
			expect(third.tail).toEqual([]);

			vi.advanceTimersByTime(59_000);
			expect(cache.cached).toBe(true);
			vi.advanceTimersByTime(2_000);
			expect(cache.cached).toBe(false); // a minute without a client needing it
		} finally {
			cache.destroy();
		}
	});
});
