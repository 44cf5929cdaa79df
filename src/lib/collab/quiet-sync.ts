/**
 * Takes in the server's large sync messages, and the replica's load, without Yjs encoding them
 * back.
 *
 * Yjs encodes every transaction anew as soon as a document has an `update` listener, and the
 * browser has two: the live connection's (which then ignores what came from the server) and
 * the replica's (which stores it, cloning it into IndexedDB on the main thread). For a first
 * sync of a regional map (90 MB at 50,000 agents) that is about a third of the time the message
 * handler takes before anything can be drawn. Here a large update from the server is applied
 * with those listeners off, and its own bytes are stored in the replica once the page is idle;
 * the replica's load on a later visit (as large) is applied with them off too.
 *
 * Writes made while it is applied (upkeep, in transactions of their own) must still be sent and
 * stored: the listeners are back before Yjs encodes the first such transaction.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { messageYjsSyncStep2, messageYjsUpdate, readSyncMessage } from 'y-protocols/sync';
import type { SyncReader } from './live-provider.ts';

/** Smaller updates go through the libraries' own path: encoding them again costs little. */
export const QUIET_SYNC_MIN_BYTES = 256 * 1024;

type UpdateListener = (update: Uint8Array, origin: unknown) => void;

/**
 * Detaches `listeners` from the document's `update` event until Yjs is about to encode a
 * transaction that is not from `origin` (or `attach` is called): what the document then sets
 * off on its own (upkeep, in transactions of their own) reaches them as usual.
 */
function detachUntilOthers(doc: Y.Doc, listeners: readonly UpdateListener[], origin: unknown): () => void {
	let detached = true;
	const attach = () => {
		if (!detached) return;
		detached = false;
		doc.off('afterTransactionCleanup', onCleanup);
		for (const listener of listeners) doc.on('update', listener);
	};
	// Emitted just before Yjs encodes a transaction for `update` listeners.
	const onCleanup = (transaction: Y.Transaction) => {
		if (transaction.origin !== origin || transaction.local) attach();
	};
	for (const listener of listeners) doc.off('update', listener);
	doc.on('afterTransactionCleanup', onCleanup);
	return attach;
}

/**
 * Applies `apply` (which applies one update from `origin`) with `listeners` detached, so that
 * Yjs does not encode that update again; other transactions it sets off reach them as usual.
 * Returns what `apply` returned.
 */
export function applyWithoutEcho<T>(doc: Y.Doc, listeners: readonly UpdateListener[], origin: unknown, apply: () => T): T {
	const attach = detachUntilOthers(doc, listeners, origin);
	try {
		return apply();
	} finally {
		attach();
	}
}

/**
 * Loads from `replica` without echo: its transactions run with `listeners` detached while
 * `quiet()` says so. Returns a function that stops watching.
 */
export function quietReplicaLoads(doc: Y.Doc, listeners: () => readonly UpdateListener[], replica: unknown, quiet: () => boolean): () => void {
	let attach: (() => void) | null = null;
	const onBefore = (transaction: Y.Transaction) => {
		if (transaction.origin === replica && !attach && quiet()) attach = detachUntilOthers(doc, listeners(), replica);
	};
	const onAfterAll = () => {
		attach?.();
		attach = null;
	};
	doc.on('beforeTransaction', onBefore);
	doc.on('afterAllTransactions', onAfterAll);
	return () => {
		onAfterAll();
		doc.off('beforeTransaction', onBefore);
		doc.off('afterAllTransactions', onAfterAll);
	};
}

/**
 * What a sync message is, read without consuming it: whether it carries an update (a step 2 or
 * an update), and that update when it has at least `minBytes`. A damaged message reads as
 * neither (the library's path reports it).
 */
function peekSync(decoder: decoding.Decoder, minBytes: number): { isUpdate: boolean; large: Uint8Array | null } {
	try {
		const peek = decoding.clone(decoder);
		const type = decoding.readVarUint(peek);
		if (type !== messageYjsSyncStep2 && type !== messageYjsUpdate) return { isUpdate: false, large: null };
		const length = decoding.readVarUint(peek);
		const large = length >= minBytes && peek.pos + length <= peek.arr.length ? peek.arr.subarray(peek.pos, peek.pos + length) : null;
		return { isUpdate: true, large };
	} catch {
		return { isUpdate: false, large: null };
	}
}

/** The update a sync message carries when it is a step 2 or an update of at least `minBytes`. */
export function largeUpdateIn(decoder: decoding.Decoder, minBytes: number): Uint8Array | null {
	return peekSync(decoder, minBytes).large;
}

/**
 * What the document holds back (content that builds on content it has not got yet), as
 * updates the replica can store. The server sends a new client the edits made since it encoded
 * the map before the map itself (server/collab/protocol.ts), so they wait here until the large
 * update completes them, in its transaction: stored with it, they are not lost to the replica.
 */
export function heldBack(doc: Y.Doc): Uint8Array[] {
	const { pendingStructs, pendingDs } = doc.store;
	return [pendingStructs?.update, pendingDs ?? undefined]
		.filter((update): update is Uint8Array => update !== undefined)
		.map((update) => Y.convertUpdateFormatV2ToV1(update));
}

/** What this needs of the live connection (live-provider.ts's LiveProvider). */
export interface SyncingProvider {
	doc: Y.Doc;
	readSync: SyncReader;
	updateListener: UpdateListener;
	/** The current connection (a new one after each reconnect). */
	ws?: unknown;
	wsconnected: boolean;
	/** Marks the connection synced when `syncType` is a step 2 (for a message read later). */
	acknowledgeSync(syncType: number | null): void;
}

/** What this needs of the replica (local-replica.ts's LocalReplica). */
export interface StoringReplica {
	updateListener: UpdateListener;
	storeUpdates(updates: readonly Uint8Array[]): void;
	whenSynced: Promise<unknown>;
	/** Loaded: stored updates are kept apart until then. */
	synced: boolean;
}

export interface QuietSyncOptions {
	minBytes?: number;
	/**
	 * Large updates wait for this (the page's first view being drawn): reading one holds the
	 * main thread for seconds. Updates that come after a waiting one wait behind it, in order;
	 * requests for this tab's state (sync step 1) are answered at once.
	 */
	readAfter?: Promise<unknown>;
}

/**
 * Makes the session's document take in large updates quietly: the server's large sync messages
 * (stored in `replica` when the page is next idle, or when the session ends or the page is
 * hidden, whichever comes first), and the replica's own load while the provider is not
 * connected. A load after connecting keeps the libraries' path: the provider then sends it to
 * the server, the only way edits made offline in an earlier visit (kept in the replica) reach a
 * server whose sync with this tab is already over. Returns a function that undoes both.
 */
export function quietSyncs(provider: SyncingProvider, replica: StoringReplica, options: QuietSyncOptions = {}): () => void {
	const { minBytes = QUIET_SYNC_MIN_BYTES, readAfter } = options;
	const readSync = provider.readSync;
	const listeners = () => [provider.updateListener, replica.updateListener];
	const store = new ReplicaStore(replica);
	const waiting = new WaitingUpdates(readAfter, () => provider.doc.isDestroyed);
	provider.readSync = (answer, decoder) => {
		const { isUpdate, large } = peekSync(decoder, minBytes);
		const read = (encoder: encoding.Encoder) => (large ? readQuietly(encoder, decoder, large) : readSync(encoder, decoder));
		// Held, an update is read later; nothing to answer for one (an update has no answer).
		const later = () => provider.acknowledgeSync(read(encoding.createEncoder()));
		return waiting.hold({ isUpdate, large: large !== null }, provider.ws, later) ? null : read(answer);
	};
	/** The reading of a large sync message, without echo and stored later. */
	const readQuietly = (encoder: encoding.Encoder, decoder: decoding.Decoder, update: Uint8Array): number => {
		const held = heldBack(provider.doc);
		let failed = false;
		try {
			// With a way to learn that the update failed: its bytes must not reach the replica
			// then, or every later load of it would fail.
			return applyWithoutEcho(provider.doc, listeners(), provider, () =>
				readSyncMessage(decoder, encoder, provider.doc, provider, () => (failed = true))
			);
		} finally {
			if (!failed) store.later([...held, update]);
		}
	};
	const stopReplicaLoads = quietReplicaLoads(provider.doc, listeners, replica, () => !provider.wsconnected);
	return () => {
		provider.readSync = readSync;
		stopReplicaLoads();
		store.stop();
	};
}

/**
 * Sync messages that wait for a promise: the first large update, and every update after it.
 * What a connection that has since closed left waiting is dropped: the next connection's sync
 * asks the server again from the same state (nothing was read meanwhile) and gets all of it,
 * so reading both would take in, and store, the whole map twice.
 */
class WaitingUpdates {
	readonly #queue: (() => void)[] = [];
	#open: boolean;
	/** The connection the waiting messages came through. */
	#connection: unknown;

	/** `gone`: the document was destroyed meanwhile, so what waited is dropped. */
	constructor(until: Promise<unknown> | undefined, gone: () => boolean) {
		this.#open = !until;
		const release = () => {
			this.#open = true;
			const queue = this.#queue.splice(0);
			if (gone()) return;
			for (const run of queue) {
				// One damaged message must not keep the others from the document.
				try {
					run();
				} catch (error) {
					console.error('a sync message held while the first view was drawn could not be read', error);
				}
			}
		};
		void until?.then(release, release);
	}

	/** Holds `run` if the message must wait (a large update, or any update behind one). */
	hold(message: { isUpdate: boolean; large: boolean }, connection: unknown, run: () => void): boolean {
		if (this.#open) return false;
		if (connection !== this.#connection) {
			this.#queue.length = 0;
			this.#connection = connection;
		}
		if (!message.large && (this.#queue.length === 0 || !message.isUpdate)) return false;
		this.#queue.push(run);
		return true;
	}
}

/**
 * Updates for the replica, stored once it is open and the page is idle; or at once when the
 * session ends or the page is hidden (a tab closed before that would leave the replica without
 * the map until the next visit online).
 */
class ReplicaStore {
	readonly #replica: StoringReplica;
	#waiting: Uint8Array[] = [];
	#stopped = false;
	readonly #flush = () => {
		if (!this.#replica.synced || this.#stopped) return;
		this.#replica.storeUpdates(this.#waiting.splice(0));
	};

	constructor(replica: StoringReplica) {
		this.#replica = replica;
		globalThis.addEventListener?.('pagehide', this.#flush);
	}

	later(updates: Uint8Array[]): void {
		this.#waiting.push(...updates);
		void this.#replica.whenSynced.then(() => whenIdle(this.#flush));
	}

	/** Stores what is waiting (if the replica is open), and nothing after. */
	stop(): void {
		this.#flush();
		this.#stopped = true;
		globalThis.removeEventListener?.('pagehide', this.#flush);
	}
}

/** Runs `run` when the main thread is idle (the map's worker draws meanwhile), within 5 s. */
function whenIdle(run: () => void): void {
	if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 5000 });
	else setTimeout(run, 0);
}
