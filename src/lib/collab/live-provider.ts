/**
 * The page's live connection to a map: the y-websocket wire protocol (sync, presence) over one
 * websocket, reconnecting with back-off, written on y-protocols. The server speaks the same
 * protocol to the stock y-websocket client (server/collab/protocol.ts); the page has its own so
 * that what it needs of the connection — reading a large sync later and without echo
 * (quiet-sync.ts), probing that its edits arrived (edit-acks.ts) — goes through this module's
 * public members rather than another library's internals.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { ObservableV2 } from 'lib0/observable';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import { messageYjsSyncStep2, readSyncMessage, writeSyncStep1, writeUpdate } from 'y-protocols/sync';
import * as Y from 'yjs';

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_QUERY_AWARENESS = 3;

/** WebSocket's readyState when open (the constant is not on every WebSocket class tests use). */
const OPEN = 1;
/** A connection that has received nothing for this long is taken as dead and reopened. */
const SILENT_FOR_MS = 30_000;

/**
 * Reads one sync message (the decoder is past its type byte) and writes any answer into
 * `answer`. Returns the sync message type it read, or null when it left the message for later.
 */
export type SyncReader = (answer: encoding.Encoder, decoder: decoding.Decoder) => number | null;

export interface LiveProviderOptions {
	/** Query parameters of the websocket address (a share token). */
	params?: Record<string, string>;
	/** Whether to open again after this close; permanent refusals say no. */
	shouldReconnect?: (event: CloseEvent) => boolean;
	/** The longest wait between attempts (doubling from 100 ms). */
	maxBackoffMs?: number;
	/** Another WebSocket class (tests in Node send a cookie with it). */
	WebSocket?: typeof WebSocket;
}

type Events = {
	status: (event: { status: 'connecting' | 'connected' | 'disconnected' }) => void;
	/** True once the server's answer to our sync step 1 is read; false when the connection closes. */
	sync: (synced: boolean) => void;
	'connection-close': (event: CloseEvent) => void;
	'connection-error': (event: Event) => void;
};

export class LiveProvider extends ObservableV2<Events> {
	readonly doc: Y.Doc;
	readonly awareness: Awareness;
	readonly url: string;
	/** The open (or opening) socket; a new one after each reconnect. */
	ws: WebSocket | null = null;
	wsconnected = false;
	synced = false;
	/**
	 * How sync messages are read: y-protocols' own reading by default. quiet-sync.ts wraps it to
	 * read large updates without echo and later.
	 */
	readSync: SyncReader;
	/** Sends the document's local changes; quiet-sync.ts detaches it while a large update is applied. */
	readonly updateListener = (update: Uint8Array, origin: unknown): void => {
		if (origin !== this) this.send(encodeMessage(MESSAGE_SYNC, (encoder) => writeUpdate(encoder, update)));
	};
	private shouldConnect = false;
	private failedAttempts = 0;
	private lastMessageAt = 0;
	private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
	private readonly silenceCheck: ReturnType<typeof setInterval>;
	private readonly options: LiveProviderOptions;

	constructor(serverUrl: string, room: string, doc: Y.Doc, options: LiveProviderOptions = {}) {
		super();
		this.doc = doc;
		this.options = options;
		const query = new URLSearchParams(options.params ?? {}).toString();
		this.url = `${serverUrl.replace(/\/$/, '')}/${room}${query ? `?${query}` : ''}`;
		this.awareness = new Awareness(doc);
		this.readSync = (answer, decoder) => readSyncMessage(decoder, answer, this.doc, this);
		doc.on('update', this.updateListener);
		this.awareness.on('update', this.onAwareness);
		globalThis.addEventListener?.('pagehide', this.onPageHide);
		this.silenceCheck = setInterval(() => {
			if (this.wsconnected && Date.now() - this.lastMessageAt > SILENT_FOR_MS) this.ws?.close();
		}, SILENT_FOR_MS / 10);
	}

	connect(): void {
		this.shouldConnect = true;
		if (!this.ws) this.open();
	}

	/** Closes the connection and stays closed until `connect`. */
	disconnect(): void {
		this.shouldConnect = false;
		if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
		this.reconnectTimer = null;
		this.ws?.close();
	}

	/** Sends a message on the open connection; dropped when there is none (the next sync covers it). */
	send(message: Uint8Array): void {
		if (this.ws?.readyState === OPEN) this.ws.send(message as Uint8Array<ArrayBuffer>);
	}

	override destroy(): void {
		clearInterval(this.silenceCheck);
		this.disconnect();
		globalThis.removeEventListener?.('pagehide', this.onPageHide);
		this.awareness.off('update', this.onAwareness);
		this.doc.off('update', this.updateListener);
		super.destroy();
	}

	private open(): void {
		const Socket = this.options.WebSocket ?? WebSocket;
		const ws = new Socket(this.url);
		ws.binaryType = 'arraybuffer';
		this.ws = ws;
		this.wsconnected = false;
		this.synced = false;
		this.emit('status', [{ status: 'connecting' }]);
		ws.onmessage = (event) => {
			if (ws !== this.ws) return;
			this.lastMessageAt = Date.now();
			const answer = this.receive(new Uint8Array(event.data as ArrayBuffer));
			if (answer) this.send(answer);
		};
		ws.onerror = (event) => this.emit('connection-error', [event]);
		ws.onclose = (event) => this.closed(ws, event);
		ws.onopen = () => {
			if (ws !== this.ws) return;
			this.lastMessageAt = Date.now();
			this.wsconnected = true;
			this.failedAttempts = 0;
			this.emit('status', [{ status: 'connected' }]);
			this.send(encodeMessage(MESSAGE_SYNC, (encoder) => writeSyncStep1(encoder, this.doc)));
			if (this.awareness.getLocalState() !== null) this.send(this.awarenessMessage([this.doc.clientID]));
		};
	}

	/** Marks the connection synced when `syncType` is a step 2: it answers our step 1. */
	acknowledgeSync(syncType: number | null): void {
		if (syncType !== messageYjsSyncStep2 || this.synced) return;
		this.synced = true;
		this.emit('sync', [true]);
	}

	/** Reads one message from the server; returns the answer to send, if any. */
	receive(bytes: Uint8Array): Uint8Array | null {
		const decoder = decoding.createDecoder(bytes);
		const type = decoding.readVarUint(decoder);
		switch (type) {
			case MESSAGE_SYNC: {
				const answer = encoding.createEncoder();
				encoding.writeVarUint(answer, MESSAGE_SYNC);
				this.acknowledgeSync(this.readSync(answer, decoder));
				return encoding.length(answer) > 1 ? encoding.toUint8Array(answer) : null;
			}
			case MESSAGE_AWARENESS:
				applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), this);
				return null;
			case MESSAGE_QUERY_AWARENESS:
				return this.awarenessMessage([...this.awareness.getStates().keys()]);
			default:
				return null;
		}
	}

	private closed(ws: WebSocket, event: CloseEvent): void {
		if (ws !== this.ws) return;
		this.ws = null;
		const wasConnected = this.wsconnected;
		this.wsconnected = false;
		// Others' presence came through this connection: it is gone with it.
		const others = [...this.awareness.getStates().keys()].filter((client) => client !== this.doc.clientID);
		removeAwarenessStates(this.awareness, others, this);
		if (this.synced) {
			this.synced = false;
			this.emit('sync', [false]);
		}
		if (!wasConnected) this.failedAttempts++;
		this.emit('connection-close', [event]);
		this.emit('status', [{ status: 'disconnected' }]);
		if (!this.shouldConnect || !(this.options.shouldReconnect?.(event) ?? true)) return;
		const wait = Math.min(2 ** this.failedAttempts * 100, this.options.maxBackoffMs ?? 2500);
		this.reconnectTimer = setTimeout(() => {
			this.reconnectTimer = null;
			if (this.shouldConnect && !this.ws) this.open();
		}, wait);
	}

	private readonly onAwareness = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
		if (origin === this) return;
		this.send(this.awarenessMessage([...added, ...updated, ...removed]));
	};

	/** Tells the others at once that this tab is gone (a closed socket would tell them later). */
	private readonly onPageHide = () => removeAwarenessStates(this.awareness, [this.doc.clientID], 'page closed');

	private awarenessMessage(clients: number[]): Uint8Array {
		return encodeMessage(MESSAGE_AWARENESS, (encoder) => encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(this.awareness, clients)));
	}
}

function encodeMessage(type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, type);
	write(encoder);
	return encoding.toUint8Array(encoder);
}
