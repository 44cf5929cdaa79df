/**
 * Fan-out between server processes that serve the same maps (REDIS_URL): each room publishes
 * the document updates it has stored and the awareness changes of its own connections on its
 * map's channel, and applies what the other processes publish there. Rooms see only this
 * interface; `fanout-redis.ts` carries it over Redis pub/sub.
 *
 * Pub/sub delivers at most once: a message published while a subscriber is disconnected is
 * lost to it. The database stays the source of truth, so after a reconnect every room re-reads
 * its map from the store (see `onReconnect`).
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export type FanOutKind = 'update' | 'awareness' | 'query-awareness' | 'access-changed' | 'deleted' | 'revoke';

export interface FanOutMessage {
	/**
	 * `update`: a Yjs update, already stored. `awareness`: an awareness update. `query-awareness`:
	 * a process opened the map and asks for everyone's presence. `access-changed`: someone's
	 * rights on the map changed, so connections must reconnect and be authorised again.
	 * `deleted`: the map was deleted. The last two carry the reason, in UTF-8. `revoke`: on the
	 * revocation channel, which sockets to close (see live-connections.ts), as JSON.
	 */
	kind: FanOutKind;
	payload: Uint8Array;
}

export interface FanOut {
	/**
	 * Starts delivering the map's messages from other processes to `listener`. Resolves once
	 * subscribed: anything published after that is delivered. Returns the unsubscribe.
	 */
	subscribe(mapId: string, listener: (message: FanOutMessage) => void): Promise<() => Promise<void>>;
	/** Sends to the other processes; never waits, never throws (failures are logged). */
	publish(mapId: string, message: FanOutMessage): void;
	/** Called after a lost connection came back: messages may have been missed meanwhile. */
	onReconnect(listener: () => void): void;
	close(): Promise<void>;
}

const KINDS: FanOutKind[] = ['update', 'awareness', 'query-awareness', 'access-changed', 'deleted', 'revoke'];

/** Wire format: kind, sender process id (to skip our own messages), payload. */
export function encodeFanOut(sender: string, message: FanOutMessage): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, KINDS.indexOf(message.kind));
	encoding.writeVarString(encoder, sender);
	encoding.writeVarUint8Array(encoder, message.payload);
	return encoding.toUint8Array(encoder);
}

export function decodeFanOut(bytes: Uint8Array): { sender: string; message: FanOutMessage } {
	const decoder = decoding.createDecoder(bytes);
	const kind = KINDS[decoding.readVarUint(decoder)];
	if (!kind) throw new Error('unknown fan-out message kind');
	const sender = decoding.readVarString(decoder);
	return { sender, message: { kind, payload: decoding.readVarUint8Array(decoder) } };
}
