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

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_QUERY_AWARENESS = 3;

/** What the protocol needs of a client connection. */
export interface Connection {
	readonly id: string;
	/** Who is connected, recorded with each stored update. */
	readonly actor: string;
	/** False for viewers and share links: their document updates are dropped. */
	readonly canWrite: boolean;
	send(message: Uint8Array): void;
	close(code: number, reason: string): void;
}

/** What the protocol needs of a room. */
export interface RoomState {
	readonly doc: Y.Doc;
	readonly awareness: awarenessProtocol.Awareness;
	/** Called when a read-only connection tried to change the document. */
	onRejectedWrite(connection: Connection): void;
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
			case MESSAGE_AWARENESS:
				return awarenessProtocol.applyAwarenessUpdate(
					room.awareness,
					decoding.readVarUint8Array(decoder),
					connection
				);
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
	const reply = encoding.createEncoder();
	encoding.writeVarUint(reply, MESSAGE_SYNC);
	const syncType = decoding.readVarUint(decoder);
	switch (syncType) {
		case syncProtocol.messageYjsSyncStep1:
			syncProtocol.readSyncStep1(decoder, reply, room.doc);
			break;
		case syncProtocol.messageYjsSyncStep2:
		case syncProtocol.messageYjsUpdate: {
			const update = decoding.readVarUint8Array(decoder);
			if (!connection.canWrite) {
				room.onRejectedWrite(connection);
				return;
			}
			// The connection is the transaction origin, so the room knows who wrote the update
			// and does not echo it back to its sender.
			Y.applyUpdate(room.doc, update, connection);
			break;
		}
		default:
			throw new ProtocolError(`unknown sync message ${syncType}`);
	}
	if (encoding.length(reply) > 1) connection.send(encoding.toUint8Array(reply));
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
