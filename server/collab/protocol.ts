/**
 * The y-websocket wire protocol, as a pure function of (connection, room, bytes): no sockets,
 * no database. The stock y-websocket client sends three message types:
 *   0 sync (y-protocols/sync: step 1, step 2, update), 1 awareness, 3 query-awareness.
 * Permission is decided once, at connection time, and enforced here on every message.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { FullState } from './full-state-cache.ts';

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_QUERY_AWARENESS = 3;

/**
 * The field of the server's own awareness state that says edits are not being stored. The
 * state exists only while storing fails, so the stock y-websocket client carries it like any
 * peer's presence, with no new message type. `src/lib/collab/map-session.svelte.ts` reads the
 * same field name (the browser does not import server code).
 */
export const SERVER_STATUS_FIELD = 'tejidoServer';

export interface ServerStatus {
	saving: 'failing';
	/** When storing started to fail (ms since the epoch). */
	since: number;
	/** Updates received and held in memory, not yet stored. */
	unsaved: number;
}

/** Presence states a connection may introduce: a stock client has one per open map. */
export const MAX_PRESENCE_STATES_PER_CONNECTION = 8;
/** A presence state carries a name, a colour, a pointer and a selection: far below this. */
export const MAX_PRESENCE_STATE_BYTES = 16 * 1024;

/** What the protocol needs of a client connection. */
export interface Connection {
	readonly id: string;
	/** Who is connected, recorded with each stored update. */
	readonly actor: string;
	/** False for viewers and share links: their document updates are dropped. */
	readonly canWrite: boolean;
	/**
	 * The signed-in person: their presence is shown with this name and key, whatever their
	 * client claims. Absent for share links, whose presence is marked as a guest's.
	 */
	readonly person?: { readonly name: string; readonly key: string } | null;
	/**
	 * The personal fields this connection may not receive (share links): it is sent the map's
	 * projection (src/lib/model/personal-fields.ts). Empty or absent for members.
	 */
	readonly hiddenFields?: readonly string[];
	send(message: Uint8Array): void;
	close(code: number, reason: string): void;
}

/** What the protocol needs of a room. */
export interface RoomState {
	readonly doc: Y.Doc;
	readonly awareness: awarenessProtocol.Awareness;
	/** The presence client ids this connection has introduced (empty when none yet). */
	presenceOf(connection: Connection): ReadonlySet<number>;
	/**
	 * Called, without the update being read, when a read-only connection sent a sync step 2
	 * or (`update`) an update: the room counts them and closes a connection that sends too
	 * many. A stock client sends a step 2 on every connection, an update only after an edit.
	 */
	onRejectedWrite(connection: Connection, update: boolean): void;
	/** Whether a writer's update may be applied (the map's size quota); false closes the sender. */
	admitUpdate?(connection: Connection, update: Uint8Array): boolean;
	/** Called after a writer's update was applied: the room bounds what waits unapplied. */
	afterUpdate?(connection: Connection): void;
	/** The whole document for a client that has nothing, when the room keeps it encoded. */
	fullState?(): FullState;
	/**
	 * The update as this connection may receive it (without the fields hidden from it); later
	 * when it is large (redacted off the event loop). Yjs applies updates in any order, so one
	 * sent later than the next is held by the client until what it builds on arrives.
	 */
	viewFor?(connection: Connection, update: Uint8Array): Uint8Array | Promise<Uint8Array>;
}

/** The message is not valid y-websocket: the sender is broken or hostile. */
export class ProtocolError extends Error {
	constructor(message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.name = 'ProtocolError';
	}
}

export function handleMessage(connection: Connection, room: RoomState, bytes: Uint8Array): void {
	try {
		const decoder = decoding.createDecoder(bytes);
		const type = decoding.readVarUint(decoder);
		switch (type) {
			case MESSAGE_SYNC:
				return handleSync(connection, room, decoder);
			case MESSAGE_AWARENESS: {
				const update = checkPresence(connection, room, decoding.readVarUint8Array(decoder));
				if (update) awarenessProtocol.applyAwarenessUpdate(room.awareness, update, connection);
				return;
			}
			case MESSAGE_QUERY_AWARENESS:
				return connection.send(encodeAwareness(room.awareness, [...room.awareness.getStates().keys()]));
			default:
				throw new ProtocolError(`unknown message type ${type}`);
		}
	} catch (error) {
		if (error instanceof ProtocolError) throw error;
		throw new ProtocolError('malformed message', { cause: error });
	}
}

function handleSync(connection: Connection, room: RoomState, decoder: decoding.Decoder): void {
	const syncType = decoding.readVarUint(decoder);
	switch (syncType) {
		case syncProtocol.messageYjsSyncStep1:
			answerSyncStep1(connection, room, decoding.readVarUint8Array(decoder));
			break;
		case syncProtocol.messageYjsSyncStep2:
		case syncProtocol.messageYjsUpdate: {
			if (!connection.canWrite) {
				// Dropped unread: deciding whether it would change the document costs a walk of
				// the whole document (its delete set), so a reader's message would cost in
				// proportion to the map. A stock reader sends one step 2 per connection.
				room.onRejectedWrite(connection, syncType === syncProtocol.messageYjsUpdate);
				return;
			}
			const update = decoding.readVarUint8Array(decoder);
			if (room.admitUpdate && !room.admitUpdate(connection, update)) return;
			// The connection is the transaction origin, so the room knows who wrote the update
			// and does not echo it back to its sender.
			Y.applyUpdate(room.doc, update, connection);
			room.afterUpdate?.(connection);
			break;
		}
		default:
			throw new ProtocolError(`unknown sync message ${syncType}`);
	}
}

/** Connections whose sync step 1 has been answered (one full answer per connection). */
const answered = new WeakSet<Connection>();
/** A Yjs update (v1) with no structs and an empty delete set. */
const EMPTY_UPDATE = new Uint8Array([0, 0]);

/**
 * Sync step 2: what the client lacks. A client that has nothing gets the room's kept encoding
 * (see full-state-cache.ts): the updates applied since it was encoded go first, then the
 * encoding itself as step 2. The client applies those updates, or holds them as pending where
 * they build on content it has not got yet, so once step 2 makes it "synced" it has everything.
 */
function answerSyncStep1(connection: Connection, room: RoomState, stateVector: Uint8Array): void {
	if (answered.has(connection)) {
		// Since its first answer the connection has received every update the room applied:
		// a repeated request gets an empty step 2, not another walk (and copy) of the map.
		connection.send(encodeSyncStep2(EMPTY_UPDATE));
		return;
	}
	answered.add(connection);
	const send = (update: Uint8Array, encode: (update: Uint8Array) => Uint8Array) => {
		const view = room.viewFor?.(connection, update) ?? update;
		if (view instanceof Uint8Array) connection.send(encode(view));
		else void view.then((bytes) => connection.send(encode(bytes)), () => connection.close(1011, 'This map could not be prepared for this link; reconnect'));
	};
	const full = room.fullState && Y.decodeStateVector(stateVector).size === 0 ? room.fullState() : null;
	if (!full) return send(Y.encodeStateAsUpdate(room.doc, stateVector), encodeSyncStep2);
	for (const update of full.tail) send(update, encodeUpdateMessage);
	send(full.base, sharedSyncStep2);
}

/**
 * The whole map's step 2 as one message for every connection that gets it (per view: members',
 * and each projection's): a connection that stops reading holds a reference to it, not a copy
 * of the map of its own (97 MB per paused client at 50,000 agents before, `npm run bench`).
 */
const wholeMapMessages = new WeakMap<Uint8Array, Uint8Array>();
function sharedSyncStep2(update: Uint8Array): Uint8Array {
	let message = wholeMapMessages.get(update);
	if (!message) wholeMapMessages.set(update, (message = encodeSyncStep2(update)));
	return message;
}

function encodeSyncStep2(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}

/**
 * Checks a presence (awareness) update before it is applied, and returns what may be applied.
 * The stock client echoes every presence change it receives, its peers' and the server's
 * included, so entries for other client ids are normal; what is not:
 * - an entry for the server's own client id, or a state carrying the server's status field
 *   (a peer pretending to be the server): those entries are dropped;
 * - an entry for a client id whose presence another connection holds (a forged or deleted
 *   presence of someone else): dropped, so only the connection that introduced an id sets it;
 * - a state over MAX_PRESENCE_STATE_BYTES, or more new client ids than
 *   MAX_PRESENCE_STATES_PER_CONNECTION: a flood that would make every peer hold and receive
 *   it; the connection is closed.
 * The name a signed-in person's presence shows is their account's; a share link's is a guest's.
 */
function checkPresence(connection: Connection, room: RoomState, update: Uint8Array): Uint8Array | null {
	const decoder = decoding.createDecoder(update);
	const count = decoding.readVarUint(decoder);
	const kept: [number, number, string][] = [];
	let dropped = false;
	const controlled = room.presenceOf(connection);
	let introduced = controlled.size;
	for (let i = 0; i < count; i++) {
		const clientId = decoding.readVarUint(decoder);
		const clock = decoding.readVarUint(decoder);
		const json = decoding.readVarString(decoder);
		if (json.length > MAX_PRESENCE_STATE_BYTES) throw new ProtocolError('presence state too large');
		const state: unknown = JSON.parse(json);
		const heldByOther = !controlled.has(clientId) && room.awareness.getStates().has(clientId);
		if (clientId === room.awareness.clientID || heldByOther || (isObject(state) && Object.hasOwn(state, SERVER_STATUS_FIELD))) {
			// Echoes of others' presence land here too: they never apply (their clock is not newer).
			dropped = true;
			continue;
		}
		// A newer state for an id nobody holds is one this connection introduces.
		const applies = clock > (room.awareness.meta.get(clientId)?.clock ?? 0);
		if (applies && state !== null && !controlled.has(clientId) && ++introduced > MAX_PRESENCE_STATES_PER_CONNECTION) {
			throw new ProtocolError('too many presence states from one connection');
		}
		const stamped = isObject(state) ? stampPerson(connection, state) : null;
		if (stamped !== null) dropped = true;
		kept.push([clientId, clock, stamped ?? json]);
	}
	if (!dropped) return update;
	if (kept.length === 0) return null;
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, kept.length);
	for (const [clientId, clock, json] of kept) {
		encoding.writeVarUint(encoder, clientId);
		encoding.writeVarUint(encoder, clock);
		encoding.writeVarString(encoder, json);
	}
	return encoding.toUint8Array(encoder);
}

/**
 * The state with its `user` naming who is really connected, as JSON; null when it already does.
 * A signed-in person is their account; anyone else is a guest, whose key cannot be a person's.
 */
function stampPerson(connection: Connection, state: Record<string, unknown>): string | null {
	const claimed = isObject(state.user) ? state.user : {};
	const guestKey = typeof claimed.key === 'string' && claimed.key.startsWith('guest:') ? claimed.key : `guest:${connection.id}`;
	const who = connection.person
		? { name: connection.person.name, key: connection.person.key, guest: false }
		: { key: guestKey, guest: true };
	if (Object.entries(who).every(([field, value]) => claimed[field] === value)) return null;
	return JSON.stringify({ ...state, user: { ...claimed, ...who } });
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sync step 1 (our state vector), which asks the peer for everything we lack. */
export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	syncProtocol.writeSyncStep1(encoder, doc);
	return encoding.toUint8Array(encoder);
}

export function encodeUpdateMessage(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	syncProtocol.writeUpdate(encoder, update);
	return encoding.toUint8Array(encoder);
}

export function encodeAwareness(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
	encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
	return encoding.toUint8Array(encoder);
}
