/**
 * Applies the server's large sync messages without Yjs encoding them back.
 *
 * Yjs encodes every transaction anew as soon as a document has an `update` listener, and the
 * browser has two: y-websocket's (which then ignores what came from the server) and
 * y-indexeddb's (which stores it, cloning it into IndexedDB on the main thread). For a first
 * sync of a regional map (90 MB at 50,000 agents) that is about a third of the time the message
 * handler takes before anything can be drawn. Here a large update from the server is applied
 * with those listeners off, and its own bytes are stored in the replica once the page is idle.
 *
 * Writes made while it is applied (upkeep, in transactions of their own) must still be sent and
 * stored: the listeners are back before Yjs encodes the first such transaction.
 */
import * as decoding from 'lib0/decoding';
import type * as encoding from 'lib0/encoding';
import type * as Y from 'yjs';
import { messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync';

/** y-websocket's message type for sync messages (its `messageSync`). */
const MESSAGE_SYNC = 0;

/** Smaller updates go through the libraries' own path: encoding them again costs little. */
export const QUIET_SYNC_MIN_BYTES = 256 * 1024;

type UpdateListener = (update: Uint8Array, origin: unknown) => void;

/**
 * Applies `apply` (which applies one update from `origin`) with `listeners` detached from the
 * document's `update` event, so that Yjs does not encode that update again. They are attached
 * again before Yjs encodes any other transaction that `apply` sets off, so those reach them as
 * usual. Returns what `apply` returned.
 */
export function applyWithoutEcho<T>(doc: Y.Doc, listeners: readonly UpdateListener[], origin: unknown, apply: () => T): T {
	let detached = true;
	const attach = () => {
		if (!detached) return;
		detached = false;
		doc.off('afterTransactionCleanup', onCleanup);
		for (const listener of listeners) doc.on('update', listener);
	};
	// Emitted just before Yjs encodes a transaction for `update` listeners: the first one that
	// is not the incoming update's gets the listeners back.
	const onCleanup = (transaction: Y.Transaction) => {
		if (transaction.origin !== origin || transaction.local) attach();
	};
	for (const listener of listeners) doc.off('update', listener);
	doc.on('afterTransactionCleanup', onCleanup);
	try {
		return apply();
	} finally {
		attach();
	}
}

/** The update a sync message carries when it is a step 2 or an update of at least `minBytes`. */
export function largeUpdateIn(decoder: decoding.Decoder, minBytes: number): Uint8Array | null {
	const peek = decoding.clone(decoder);
	const type = decoding.readVarUint(peek);
	if (type !== messageYjsSyncStep2 && type !== messageYjsUpdate) return null;
	const length = decoding.readVarUint(peek);
	if (length < minBytes || peek.pos + length > peek.arr.length) return null;
	return peek.arr.subarray(peek.pos, peek.pos + length);
}

/** The parts of y-websocket's provider this reaches into (public fields, undocumented use). */
interface SyncingProvider {
	doc: Y.Doc;
	messageHandlers: ((
		encoder: encoding.Encoder,
		decoder: decoding.Decoder,
		provider: never,
		emitSynced: boolean,
		messageType: number
	) => void)[];
	_updateHandler: UpdateListener;
}

/** The parts of y-indexeddb's persistence this reaches into. */
interface StoringReplica {
	_storeUpdate: UpdateListener;
	whenSynced: Promise<unknown>;
}

/**
 * Makes `provider` apply large sync messages quietly (see above) and store them in `replica`
 * when the page is next idle. Returns a function that puts the provider's own handler back.
 */
export function quietLargeSyncs(provider: SyncingProvider, replica: StoringReplica, minBytes = QUIET_SYNC_MIN_BYTES): () => void {
	const handle = provider.messageHandlers[MESSAGE_SYNC];
	let stopped = false;
	provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, self, emitSynced, messageType) => {
		const update = largeUpdateIn(decoder, minBytes);
		if (!update) return handle(encoder, decoder, self, emitSynced, messageType);
		const listeners = [provider._updateHandler, replica._storeUpdate];
		applyWithoutEcho(provider.doc, listeners, provider, () => handle(encoder, decoder, self, emitSynced, messageType));
		// The replica is a cache of what the server holds: storing the update later loses
		// nothing if the tab closes first (the server sends it again). It must wait for the
		// replica to be open, or y-indexeddb drops the write. No copy: IndexedDB clones the
		// message's buffer (the update and a few bytes of header), which nothing else keeps.
		void replica.whenSynced.then(() =>
			whenIdle(() => {
				if (!stopped) replica._storeUpdate(update, null);
			})
		);
	};
	return () => {
		stopped = true;
		provider.messageHandlers[MESSAGE_SYNC] = handle;
	};
}

/** Runs `run` when the main thread is idle (the map's worker draws meanwhile), within 5 s. */
function whenIdle(run: () => void): void {
	if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 5000 });
	else setTimeout(run, 0);
}
