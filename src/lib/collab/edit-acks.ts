/**
 * Whether this tab's own edits have reached the server. The y-websocket protocol has no
 * acknowledgement, but the server handles one connection's messages in order and answers every
 * sync step 1 with a sync step 2 (server/collab/protocol.ts): a step 1 sent after an edit is
 * answered only once the server holds the edit, which it then stores (or announces that it
 * cannot, see `saveProblem`). One such probe is in flight at a time, since a drag makes dozens
 * of edits a second; a connection that closes drops its probe and the next sync sends another.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { messageYjsSyncStep2, writeSyncStep1 } from 'y-protocols/sync';
import { MESSAGE_SYNC, type LiveProvider } from './live-provider.ts';

export class EditAcknowledgements {
	readonly #provider: LiveProvider;
	readonly #onchange: (pending: boolean) => void;
	/** Local edits made so far, and how many of them the server has acknowledged. */
	#edited = 0;
	#acked = 0;
	/** The count of edits the probe in flight covers, or null when none is. */
	#inFlight: number | null = null;
	#socket: WebSocket | null = null;

	constructor(provider: LiveProvider, onchange: (pending: boolean) => void) {
		this.#provider = provider;
		this.#onchange = onchange;
		provider.on('status', this.#onStatus);
		provider.on('sync', this.#onSync);
	}

	/** Some of this tab's edits are not yet known to hold at the server. */
	get pending(): boolean {
		return this.#acked < this.#edited;
	}

	/** Called after each local edit (one transaction). */
	edited(): void {
		const was = this.pending;
		this.#edited++;
		if (!was) this.#onchange(true);
		this.#probe();
	}

	destroy(): void {
		this.#provider.off('status', this.#onStatus);
		this.#provider.off('sync', this.#onSync);
		this.#socket?.removeEventListener('message', this.#onMessage);
		this.#socket = null;
	}

	#probe(): void {
		if (this.#inFlight !== null || !this.pending || !this.#provider.synced) return;
		const socket = this.#provider.ws;
		if (!socket || socket.readyState !== WebSocket.OPEN) return;
		if (this.#socket !== socket) {
			this.#socket?.removeEventListener('message', this.#onMessage);
			socket.addEventListener('message', this.#onMessage);
			this.#socket = socket;
		}
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MESSAGE_SYNC);
		writeSyncStep1(encoder, this.#provider.doc);
		this.#inFlight = this.#edited;
		socket.send(encoding.toUint8Array(encoder));
	}

	#onMessage = (event: MessageEvent): void => {
		if (this.#inFlight === null || event.currentTarget !== this.#provider.ws) return;
		if (!(event.data instanceof ArrayBuffer) || !isSyncStep2(new Uint8Array(event.data))) return;
		this.#acked = Math.max(this.#acked, this.#inFlight);
		this.#inFlight = null;
		if (!this.pending) this.#onchange(false);
		else this.#probe();
	};

	/** A new or closed connection: the probe in flight, if any, will never be answered. */
	#onStatus = (): void => {
		this.#inFlight = null;
	};

	/** The connection's own sync is done: later step 2s answer our probes only. */
	#onSync = (synced: boolean): void => {
		if (synced) this.#probe();
	};
}

function isSyncStep2(bytes: Uint8Array): boolean {
	if (bytes.length < 2) return false;
	const decoder = decoding.createDecoder(bytes);
	return decoding.readVarUint(decoder) === MESSAGE_SYNC && decoding.readVarUint(decoder) === messageYjsSyncStep2;
}
