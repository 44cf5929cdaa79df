/**
 * A room holds the one in-memory copy of an open map's document, its awareness (presence)
 * and its connections. It loads the stored state before answering anyone, stores every
 * update before broadcasting it, and compacts the log now and then. With several processes
 * (a fan-out), it also publishes what it stored and its connections' presence to the other
 * processes, and applies theirs.
 */
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { withoutPersonalFields } from '../../src/lib/model/personal-fields.ts';
import type { Redact } from './projection-worker.ts';
import type { DocumentStore, StoredDocument } from '../store/document-store.ts';
import { log } from '../log.ts';
import type { FanOut, FanOutMessage } from './fanout.ts';
import { FullStateCache, type FullState } from './full-state-cache.ts';
import {
	ProtocolError,
	SERVER_STATUS_FIELD,
	encodeAwareness,
	encodeSyncStep1,
	encodeUpdateMessage,
	handleMessage,
	type Connection,
	type RoomState,
	type ServerStatus
} from './protocol.ts';

export interface RoomOptions {
	/**
	 * Compact the stored log into a snapshot after this many appended updates, once the log has
	 * also grown by COMPACT_GROWTH of the snapshot's size.
	 */
	compactEvery: number;
	/** How long to wait before retrying a failed write (doubles up to a minute). */
	retryMs: number;
	/** Other processes serving the same maps, when there are any. */
	fanout?: FanOut;
	/** Stored bytes a map may grow to; an update past it is refused (CLOSE.mapFull). */
	maxMapBytes?: number;
	/** Bytes of updates a room holds unapplied (their dependencies missing) before it drops them. */
	maxPendingBytes?: number;
	/** How updates lose their personal fields for share links (a ProjectionWorker's); inline by default. */
	redact?: Redact;
}

/** Defaults of the limits above (server/config.ts reads the environment). */
export const DEFAULT_MAX_MAP_BYTES = 200 * 1024 * 1024;
export const DEFAULT_MAX_PENDING_BYTES = 16 * 1024 * 1024;

/**
 * A reader's client sends one sync step 2 per connection, one update when it loads a replica
 * after connecting, and (a viewer's page runs the model's upkeep) the odd update after others'
 * edits: a burst near this many is a modified client. Dropping one costs next to nothing, so
 * the refill is generous; the budget only ends floods.
 */
export const READER_WRITE_BURST = 50;
export const READER_WRITES_PER_MINUTE = 60;

/**
 * Compaction merges the whole snapshot with the log, so it costs in proportion to the map (7 s
 * at 50,000 agents, `npm run bench`, on the store's merge thread rather than the event loop).
 * Waiting until the log has grown by a fraction of the snapshot keeps that cost per stored byte
 * flat: a small map still compacts every `compactEvery` updates, a large one far less often.
 */
export const COMPACT_GROWTH = 0.05;

/** Close codes sent to clients; 4000–4999 are free for applications. */
export const CLOSE = {
	malformed: 4400,
	tooLarge: 1009,
	rateLimited: 4429,
	accessChanged: 4403,
	/** The session ended (sign-out, password change) or the access was withdrawn: no reconnect. */
	signedOut: 4401,
	revoked: 4410,
	idle: 4408,
	gone: 4404,
	unavailable: 4503,
	/** A read-only connection kept sending changes (READER_WRITE_BURST). */
	readOnly: 4405,
	/** The client did not read what was sent to it (config.maxBufferedBytes). */
	slowReader: 4417,
	/** The map reached its size quota (config.maxMapBytes): the page says so and stays closed. */
	mapFull: 4413,
	/** The sender's updates left too much waiting for content the server never got. */
	tooMuchPending: 4422
} as const;

/** Origin of the stored state applied when the room opens (before anyone listens to the document). */
const LOAD = Symbol('load');
/** Origin of changes that are already stored: from another process, or re-read from the store. */
const STORED = Symbol('stored');

export class Room implements RoomState {
	readonly mapId: string;
	readonly doc = new Y.Doc();
	readonly awareness: Awareness;
	/** The document encoded once for every client that arrives with nothing (made when first asked). */
	private fullStateCache: FullStateCache | null = null;
	/** Each connection with the awareness client ids it controls (removed when it leaves). */
	readonly connections = new Map<Connection, Set<number>>();
	private readonly store: DocumentStore;
	private readonly options: RoomOptions;
	private state: 'loading' | 'ready' | 'failed' | 'closed' = 'loading';
	private readonly queued: [Connection, Uint8Array | 'join'][] = [];
	/** Writes run one after another, so broadcasts keep the order in which updates were stored. */
	private writes: Promise<void> = Promise.resolve();
	/** The compaction under way, at most one per room; it runs beside the writes, not in their queue. */
	private compacting: Promise<void> | null = null;
	private lastSeq = 0;
	private appendedSinceSnapshot = 0;
	/** Bytes of the stored snapshot (an estimate after our own compactions) and of the log since. */
	private snapshotBytes = 0;
	private bytesSinceSnapshot = 0;
	private failedWrites = 0;
	/** Updates applied to the document and not stored yet (waiting for, or retrying, a write). */
	private unsaved = 0;
	private unsavedBytes = 0;
	/**
	 * Updates as sent to connections that may not see some fields, per list of hidden fields:
	 * each update is redacted once for all of them (the full state's too, while it is kept).
	 */
	private readonly projections = new Map<string, WeakMap<Uint8Array, Uint8Array | Promise<Uint8Array>>>();
	/** Each read-only connection's allowance of dropped writes (READER_WRITE_BURST). */
	private readonly readerWrites = new WeakMap<Connection, { tokens: number; at: number; logged: boolean }>();
	/** What the document held but could not apply yet when the transaction began. */
	private pendingBefore: PendingState = NO_PENDING;
	/** When storing started to fail, while it fails. */
	private failingSince: number | null = null;
	/** Fan-out messages that arrive while the stored state is loading, applied after it. */
	private readonly early: FanOutMessage[] = [];
	private unsubscribe: (() => Promise<void>) | null = null;
	/** Presence changes (client ids) waiting for the next batch, to our clients and to other processes. */
	private readonly presenceToSend = new Set<number>();
	private readonly presenceToPublish = new Set<number>();
	private presenceTimer: ReturnType<typeof setTimeout> | null = null;
	readonly ready: Promise<void>;

	constructor(mapId: string, store: DocumentStore, options: RoomOptions, after?: Promise<void>) {
		this.mapId = mapId;
		this.store = store;
		this.options = options;
		this.awareness = new Awareness(this.doc);
		// The server is not a participant: it must not publish an awareness state of its own.
		this.awareness.setLocalState(null);
		this.doc.on('beforeTransaction', () => (this.pendingBefore = pendingState(this.doc)));
		this.awareness.on('update', (changes: AwarenessChanges, origin: unknown) => this.onAwareness(changes, origin));
		this.ready = (after ?? Promise.resolve()).then(() => this.load());
	}

	get isReady(): boolean {
		return this.state === 'ready';
	}

	get hasUnsavedChanges(): boolean {
		return this.failedWrites > 0;
	}

	presenceOf(connection: Connection): ReadonlySet<number> {
		return this.connections.get(connection) ?? NONE;
	}

	fullState(): FullState {
		// The protocol asks only once the stored state is loaded.
		this.fullStateCache ??= new FullStateCache(this.doc);
		return this.fullStateCache.get();
	}

	viewFor(connection: Connection, update: Uint8Array): Uint8Array | Promise<Uint8Array> {
		const hidden = connection.hiddenFields ?? [];
		if (hidden.length === 0) return update;
		const key = hidden.join(',');
		let projected = this.projections.get(key);
		if (!projected) this.projections.set(key, (projected = new WeakMap()));
		let view = projected.get(update);
		if (!view) {
			projected.set(update, (view = (this.options.redact ?? withoutPersonalFields)(update, hidden)));
			// A failed redaction is tried again by the next connection that needs it.
			if (!(view instanceof Uint8Array)) view.catch(() => projected!.delete(update));
		}
		return view;
	}

	join(connection: Connection): void {
		this.connections.set(connection, new Set());
		if (this.state === 'ready') this.greet(connection);
		else if (this.state === 'loading') this.queued.push([connection, 'join']);
		else connection.close(CLOSE.unavailable, 'This map could not be opened. Ask an operator to check the server log.');
	}

	receive(connection: Connection, bytes: Uint8Array): void {
		if (!this.connections.has(connection)) return;
		if (this.state === 'loading') {
			// Answering sync step 1 before the stored state is loaded would tell the client the
			// map is empty: queue until it is.
			this.queued.push([connection, bytes]);
			return;
		}
		if (this.state !== 'ready') return;
		try {
			handleMessage(connection, this, bytes);
		} catch (error) {
			if (!(error instanceof ProtocolError)) throw error;
			log('warn', 'closing a connection that sent a malformed message', {
				map: this.mapId,
				actor: connection.actor,
				error: String(error.cause ?? error.message)
			});
			this.leave(connection);
			connection.close(CLOSE.malformed, 'Malformed message');
		}
	}

	leave(connection: Connection): void {
		const clients = this.connections.get(connection);
		if (!clients) return;
		this.connections.delete(connection);
		if (clients.size > 0) removeAwarenessStates(this.awareness, [...clients], null);
	}

	onRejectedWrite(connection: Connection, update: boolean): void {
		const now = Date.now();
		const budget = this.readerWrites.get(connection) ?? { tokens: READER_WRITE_BURST, at: now, logged: false };
		if (update && !budget.logged) {
			// Once per connection: the log must not be a way to flood the disk.
			budget.logged = true;
			log('warn', 'dropped a document update from a read-only connection', { map: this.mapId, actor: connection.actor });
		}
		budget.tokens = Math.min(READER_WRITE_BURST, budget.tokens + ((now - budget.at) / 60_000) * READER_WRITES_PER_MINUTE);
		budget.at = now;
		this.readerWrites.set(connection, budget);
		if (budget.tokens >= 1) {
			budget.tokens -= 1;
			return;
		}
		log('warn', 'closing a read-only connection that keeps sending changes', { map: this.mapId, actor: connection.actor });
		this.refuse(connection, CLOSE.readOnly, 'This link can only view the map; reconnect to continue');
	}

	/**
	 * The stored size is the snapshot (an upper bound after our own compactions) and the log
	 * since, plus what waits to be stored: an overestimate that refuses a little early at worst.
	 */
	admitUpdate(connection: Connection, update: Uint8Array): boolean {
		const limit = this.options.maxMapBytes ?? DEFAULT_MAX_MAP_BYTES;
		const size = this.snapshotBytes + this.bytesSinceSnapshot + this.unsavedBytes;
		if (size + update.byteLength <= limit) return true;
		log('warn', 'refused an update past the map size quota', { map: this.mapId, actor: connection.actor, size, update: update.byteLength, limit });
		const mb = Math.floor(limit / (1024 * 1024));
		this.refuse(connection, CLOSE.mapFull, `This map has reached its size limit (${mb} MB); the last changes were not saved.`);
		return false;
	}

	/**
	 * Yjs holds an update whose dependencies it has not seen (in memory, never stored) until they
	 * come; content that never comes would stay for as long as the room. Past the bound the
	 * room drops what waits and closes the connection whose update went past it.
	 */
	afterUpdate(connection: Connection): void {
		const limit = this.options.maxPendingBytes ?? DEFAULT_MAX_PENDING_BYTES;
		const { pendingStructs, pendingDs } = this.doc.store;
		const bytes = (pendingStructs?.update.byteLength ?? 0) + (pendingDs?.byteLength ?? 0);
		if (bytes <= limit) return;
		log('warn', 'dropped updates waiting for content the server never got', { map: this.mapId, actor: connection.actor, bytes, limit });
		this.doc.store.pendingStructs = null;
		this.doc.store.pendingDs = null;
		this.refuse(connection, CLOSE.tooMuchPending, 'Too many changes that build on content the server does not have');
	}

	private refuse(connection: Connection, code: number, reason: string): void {
		this.leave(connection);
		connection.close(code, reason);
	}

	/** Waits for pending writes, compacts the log and releases the document. */
	async close(): Promise<void> {
		if (this.state === 'closed') return;
		await this.ready;
		await this.writes;
		await this.compacting;
		if (this.state === 'ready' && this.appendedSinceSnapshot > 0 && this.failedWrites === 0) {
			await this.compact().catch((error) => log('error', 'compaction failed', { map: this.mapId, error }));
		}
		this.state = 'closed';
		if (this.presenceTimer) clearTimeout(this.presenceTimer);
		await this.unsubscribe?.().catch((error) => log('warn', 'could not unsubscribe from other processes', { map: this.mapId, error }));
		this.awareness.destroy();
		this.fullStateCache?.destroy();
		this.doc.destroy();
	}

	/**
	 * Re-reads the stored state and applies what this room lacks (after the fan-out lost its
	 * connection, it may have missed updates other processes stored meanwhile).
	 */
	async refresh(): Promise<void> {
		if (this.state !== 'ready') return;
		const stored = await this.store.loadDocument(this.mapId);
		if (this.state !== 'ready') return;
		this.applyStored(stored, STORED);
		this.options.fanout?.publish(this.mapId, { kind: 'query-awareness', payload: new Uint8Array() });
	}

	private async load(): Promise<void> {
		const { fanout } = this.options;
		try {
			// Subscribe first, then read the store: an update another process stores after our
			// read began is published after that, so it arrives here; one stored before is in
			// the read. Nothing falls between the two.
			if (fanout) this.unsubscribe = await fanout.subscribe(this.mapId, (message) => this.onFanOut(message));
		} catch (error) {
			this.state = 'failed';
			log('error', 'could not open a map: the other server processes cannot be reached (Redis)', { map: this.mapId, error });
		}
		if (this.state === 'loading') {
			try {
				const stored = await this.store.loadDocument(this.mapId);
				this.applyStored(stored, LOAD);
				this.listenToDocument();
				this.lastSeq = stored.updates.reduce((max, { seq }) => Math.max(max, seq), stored.snapshotSeq);
				this.appendedSinceSnapshot = stored.updates.length;
				this.snapshotBytes = stored.snapshot?.byteLength ?? 0;
				this.bytesSinceSnapshot = stored.updates.reduce((sum, { update }) => sum + update.byteLength, 0);
				this.state = 'ready';
			} catch (error) {
				this.state = 'failed';
				log('error', 'could not load a map: its stored data may be damaged', {
					map: this.mapId,
					error,
					hint: 'inspect map_updates and map_snapshots rows for this map; other maps are unaffected'
				});
			}
		}
		if (this.state === 'ready' && fanout) {
			for (const message of this.early.splice(0)) this.onFanOut(message);
			// Ask the other processes for their connections' presence, which they otherwise
			// send only when it changes or is renewed (every 15 s).
			fanout.publish(this.mapId, { kind: 'query-awareness', payload: new Uint8Array() });
		}
		for (const [connection, item] of this.queued.splice(0)) {
			if (item === 'join') this.join(connection);
			else this.receive(connection, item);
		}
	}

	/**
	 * Starts listening to the document once the stored state is in it. Yjs encodes each
	 * transaction for its `update` listeners, and nothing here needs the load's: at 50,000
	 * agents that encoding of the whole map took about 2 s of the cold load. (The stored bytes
	 * are not a substitute for the full state new clients get: the snapshot is a merge of
	 * updates and still holds deleted values, which the document has dropped;
	 * tests/server/durability.test.ts.)
	 */
	private listenToDocument(): void {
		this.doc.on('update', (update: Uint8Array, origin: unknown) => this.onDocUpdate(update, origin));
	}

	private applyStored(stored: StoredDocument, origin: symbol): void {
		Y.transact(
			this.doc,
			() => {
				if (stored.snapshot) Y.applyUpdate(this.doc, stored.snapshot, origin);
				for (const { update } of stored.updates) Y.applyUpdate(this.doc, update, origin);
			},
			origin
		);
	}

	private greet(connection: Connection): void {
		connection.send(encodeSyncStep1(this.doc));
		const clients = [...this.awareness.getStates().keys()];
		if (clients.length > 0) connection.send(encodeAwareness(this.awareness, clients));
	}

	private onDocUpdate(update: Uint8Array, origin: unknown): void {
		// Content that could not be applied when it came (it builds on, or deletes, content not
		// seen yet) waits in the document and is applied with whichever update completes it,
		// in that update's transaction: then `update` holds more than its sender sent (a client,
		// or another process through the fan-out), and more than anyone stored. Its sender
		// must receive it too, and it must be stored and published.
		const completedPending = appliedPending(this.pendingBefore, pendingState(this.doc));
		if (origin === STORED && !completedPending) {
			// Already stored by the process that published it (or read from the store): only
			// our own connections need it, and no other process (its publisher told them).
			this.broadcast(update, null);
			return;
		}
		const sender = this.connections.has(origin as Connection) ? (origin as Connection) : null;
		const actor = sender?.actor ?? 'server';
		this.unsaved++;
		this.unsavedBytes += update.byteLength;
		const skip = completedPending ? null : sender;
		this.writes = this.writes.then(() => this.persistThenBroadcast(update, actor, skip));
	}

	private async persistThenBroadcast(update: Uint8Array, actor: string, sender: Connection | null): Promise<void> {
		for (let delay = this.options.retryMs; ; delay = Math.min(delay * 2, 60_000)) {
			try {
				// Await first, then read lastSeq: `Math.max(this.lastSeq, await …)` would read it
				// before the await and could write back a stale, lower number.
				const seq = await this.store.appendUpdate(this.mapId, update, actor);
				this.lastSeq = Math.max(this.lastSeq, seq);
				break;
			} catch (error) {
				// Keep the update in memory and retry: never drop what a user typed. The sender
				// still has it too, and re-sends it on reconnect.
				this.failedWrites++;
				log('error', 'could not store an update; retrying', { map: this.mapId, error, retryInMs: delay, unsaved: this.unsaved });
				if (this.state === 'closed') return;
				this.announceSaving(false);
				await new Promise((resolve) => setTimeout(resolve, delay));
			}
		}
		this.unsaved--;
		this.unsavedBytes -= update.byteLength;
		if (this.failedWrites > 0) {
			log('info', 'storing updates works again', { map: this.mapId, failedAttempts: this.failedWrites });
			this.failedWrites = 0;
			this.announceSaving(true);
		}
		this.appendedSinceSnapshot++;
		this.bytesSinceSnapshot += update.byteLength;
		this.options.fanout?.publish(this.mapId, { kind: 'update', payload: update });
		this.broadcast(update, sender);
		// Not awaited: the next writes must not wait for a merge that takes seconds on a large map.
		if (this.dueForCompaction() && !this.compacting) {
			this.compacting = this.compact()
				.catch((error) => log('error', 'compaction failed', { map: this.mapId, error }))
				.finally(() => (this.compacting = null));
		}
	}

	/**
	 * Tells every client whether its edits are being stored, through the server's own presence
	 * state: present (with SERVER_STATUS_FIELD) while storing fails, removed once it works.
	 */
	private announceSaving(ok: boolean): void {
		if (this.state === 'closed') return;
		if (ok) {
			this.failingSince = null;
			if (this.awareness.getLocalState() !== null) this.awareness.setLocalState(null);
			return;
		}
		this.failingSince ??= Date.now();
		const status: ServerStatus = { saving: 'failing', since: this.failingSince, unsaved: this.unsaved };
		this.awareness.setLocalState({ [SERVER_STATUS_FIELD]: status });
	}

	private broadcast(update: Uint8Array, sender: Connection | null): void {
		// One message per view of the update (members' and each projection's), made once; a
		// large update reaches share links once it is redacted (Yjs holds what comes early).
		const messages = new Map<Uint8Array | Promise<Uint8Array>, Uint8Array | Promise<Uint8Array>>();
		for (const connection of this.connections.keys()) {
			if (connection === sender) continue;
			const view = this.viewFor(connection, update);
			let message = messages.get(view);
			if (!message) messages.set(view, (message = view instanceof Uint8Array ? encodeUpdateMessage(view) : view.then(encodeUpdateMessage)));
			if (message instanceof Uint8Array) connection.send(message);
			else message.then((bytes) => this.connections.has(connection) && connection.send(bytes), () => this.refuse(connection, CLOSE.unavailable, 'An update could not be prepared for this link; reconnect'));
		}
	}

	private async compact(): Promise<void> {
		// Updates keep being stored while the store merges: count off only those it was asked to merge.
		const appended = this.appendedSinceSnapshot;
		const bytes = this.bytesSinceSnapshot;
		// The store merges its own rows, not our document: with several processes, ours may
		// lack an update another one stored (and has not published yet).
		await this.store.compact(this.mapId, this.lastSeq);
		this.appendedSinceSnapshot -= appended;
		// Merging drops what later updates replaced: the sum is an upper bound, which only
		// makes the next compaction come a little later.
		this.snapshotBytes += bytes;
		this.bytesSinceSnapshot -= bytes;
	}

	private dueForCompaction(): boolean {
		return (
			this.appendedSinceSnapshot >= this.options.compactEvery &&
			this.bytesSinceSnapshot >= this.snapshotBytes * COMPACT_GROWTH
		);
	}

	private onFanOut(message: FanOutMessage): void {
		if (this.state === 'loading') {
			this.early.push(message);
			return;
		}
		if (this.state !== 'ready') return;
		try {
			if (message.kind === 'update') Y.applyUpdate(this.doc, message.payload, STORED);
			else if (message.kind === 'awareness') applyAwarenessUpdate(this.awareness, message.payload, STORED);
			else if (message.kind === 'query-awareness') this.publishPresence();
			else {
				// Another process changed who may do what here; it cannot tell which of our
				// connections are affected, so all reconnect and are authorised afresh.
				const code = message.kind === 'deleted' ? CLOSE.gone : CLOSE.accessChanged;
				const reason = new TextDecoder().decode(message.payload);
				for (const connection of [...this.connections.keys()]) connection.close(code, reason);
			}
		} catch (error) {
			log('warn', 'could not apply a message from another server process', { map: this.mapId, kind: message.kind, error });
		}
	}

	/** Sends the presence of this process's connections to the other processes. */
	private publishPresence(): void {
		const clients = [...this.connections.values()].flatMap((ids) => [...ids]);
		if (clients.length === 0) return;
		this.options.fanout?.publish(this.mapId, { kind: 'awareness', payload: encodeAwarenessUpdate(this.awareness, clients) });
	}

	private onAwareness({ added, updated, removed }: AwarenessChanges, origin: unknown): void {
		const changed = [...added, ...updated, ...removed];
		const controlled = this.connections.get(origin as Connection);
		if (controlled) {
			// A stock client echoes what it receives, but an echo never changes a state (its
			// clock is not newer): a connection adds or updates only the states it controls.
			// `updated` matters when a client reconnects with the client id it had before.
			for (const id of [...added, ...updated]) controlled.add(id);
			for (const id of removed) controlled.delete(id);
		}
		for (const id of changed) this.presenceToSend.add(id);
		// Our connections' changes, and their removal when they leave (origin null), go to the
		// other processes; what came from there, or timed out, does not go back.
		if (controlled || origin === null) for (const id of changed) this.presenceToPublish.add(id);
		this.presenceTimer ??= setTimeout(() => this.sendPresence(), PRESENCE_BATCH_MS);
	}

	/**
	 * Sends the presence changes of the last PRESENCE_BATCH_MS as one message. The stock
	 * y-websocket client sends back every presence message it receives (an echo the server
	 * ignores), so one message per change would make each client send as many messages as
	 * all its peers together: with a few dozen people moving their pointers, or one client
	 * flooding, every connection would exceed its message rate and be closed. Batched, each
	 * client receives, and echoes, at most 1000 / PRESENCE_BATCH_MS presence messages a second.
	 */
	private sendPresence(): void {
		this.presenceTimer = null;
		if (this.state === 'closed') return;
		if (this.presenceToSend.size > 0) {
			const message = encodeAwareness(this.awareness, [...this.presenceToSend]);
			this.presenceToSend.clear();
			for (const connection of this.connections.keys()) connection.send(message);
		}
		if (this.presenceToPublish.size > 0) {
			const payload = encodeAwarenessUpdate(this.awareness, [...this.presenceToPublish]);
			this.presenceToPublish.clear();
			this.options.fanout?.publish(this.mapId, { kind: 'awareness', payload });
		}
	}
}

const NONE: ReadonlySet<number> = new Set();
/** How long presence changes are gathered before they are sent (see `sendPresence`). */
const PRESENCE_BATCH_MS = 50;

interface AwarenessChanges {
	added: number[];
	updated: number[];
	removed: number[];
}

/** The updates a document holds but cannot apply yet (structs, deletions), as Yjs keeps them. */
interface PendingState {
	readonly structs: unknown;
	readonly deletions: Uint8Array | null;
}

const NO_PENDING: PendingState = { structs: null, deletions: null };

function pendingState(doc: Y.Doc): PendingState {
	return { structs: doc.store.pendingStructs, deletions: doc.store.pendingDs };
}

/**
 * Whether a transaction may have applied some of what was pending before it. Yjs keeps the
 * same pending structs object until it retries them, and rewrites the pending deletions on
 * every update, to the same bytes when none applied. A change for another reason (the update
 * brought pending content of its own) also counts: that only costs an extra send and store.
 * Content that can never be applied (a hostile update naming clocks that will never exist)
 * then does not make every later update count.
 */
function appliedPending(before: PendingState, after: PendingState): boolean {
	if (before.structs === null && before.deletions === null) return false;
	return before.structs !== after.structs || !sameBytes(before.deletions, after.deletions);
}

function sameBytes(a: Uint8Array | null, b: Uint8Array | null): boolean {
	return a === b || (a !== null && b !== null && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b));
}
