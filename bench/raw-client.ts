/**
 * A protocol-level y-websocket client that holds no document: it answers the server's sync
 * step 1 as a client that already has the server's state, publishes one presence state, and
 * timestamps every document update it receives. The server cannot tell it from a stock client
 * (same messages, same fan-out work), but it costs the benchmark no replica, so fifty of them
 * fit beside a 50,000-agent map on one machine.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import WebSocket from 'ws';

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;

/** Edits carry an actor name like `bench-p-000042` (see the propagation benchmark). */
const MARKER = /bench-[a-z0-9]+-\d{6}/;

export interface RawClient {
	/** When (performance.now) the socket opened, and when the server's sync step 1 arrived. */
	openedAt: number;
	firstMessageAt: number;
	/** Called with the edit marker found in each received document update. */
	onUpdate: ((marker: string | null, at: number) => void) | null;
	received: number;
	/** The server's state vector, from its sync step 1. */
	serverStateVector: Uint8Array;
	/** Called with the size of each sync step 2 received after the handshake. */
	onSyncAnswer: ((bytes: number) => void) | null;
	/** How the socket closed (1006 when this side cut it without a close frame). */
	closed: Promise<{ code: number; reason: string }>;
	send(message: Uint8Array): void;
	/** Stops reading from the socket: what the server sends piles up on its side. */
	pause(): void;
	close(): void;
}

export async function connectRawClient(
	wsUrl: string,
	mapId: string,
	name: string,
	options: {
		cookie: string;
		timeoutMs?: number;
		presence?: boolean;
		/** Ask for the whole map (a sync step 1 with an empty state vector), then stop reading at once. */
		askFullStateThenPause?: boolean;
	}
): Promise<RawClient> {
	const socket = new WebSocket(`${wsUrl}/${mapId}`, { perMessageDeflate: false, headers: { cookie: options.cookie } });
	socket.binaryType = 'nodebuffer';
	const client: RawClient = {
		openedAt: Number.NaN,
		firstMessageAt: Number.NaN,
		onUpdate: null,
		received: 0,
		serverStateVector: new Uint8Array(),
		onSyncAnswer: null,
		closed: new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))),
		send: (message) => socket.send(message),
		pause: () => socket.pause(),
		close: () => socket.terminate()
	};
	await new Promise<void>((ready, reject) => {
		const timer = setTimeout(() => {
			socket.terminate();
			reject(new Error(`${name}: no sync step 1 from the server within ${options.timeoutMs ?? 120_000} ms`));
		}, options.timeoutMs ?? 120_000);
		socket.once('open', () => (client.openedAt = performance.now()));
		socket.once('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		socket.once('unexpected-response', (_request, response) => {
			clearTimeout(timer);
			socket.terminate();
			reject(new Error(`${name}: the server refused the connection (${response.statusCode})`));
		});
		socket.on('message', (data: Buffer) => {
			const at = performance.now();
			if (Number.isNaN(client.firstMessageAt)) client.firstMessageAt = at;
			const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
			if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return;
			const syncType = decoding.readVarUint(decoder);
			const payload = decoding.readVarUint8Array(decoder);
			if (syncType === syncProtocol.messageYjsSyncStep1) {
				// Reply as a client that is already up to date: our (empty) step 2, then a step 1
				// with the server's own state vector, so the server owes us nothing.
				client.serverStateVector = payload;
				socket.send(syncMessage(syncProtocol.messageYjsSyncStep2, emptyUpdate()));
				socket.send(syncMessage(syncProtocol.messageYjsSyncStep1, options.askFullStateThenPause ? new Uint8Array([0]) : payload));
				if (options.askFullStateThenPause) socket.pause();
				if (options.presence !== false) socket.send(awarenessMessage(hash(name), name));
				clearTimeout(timer);
				ready();
				return;
			}
			if (syncType === syncProtocol.messageYjsSyncStep2) {
				client.onSyncAnswer?.(data.byteLength);
				return;
			}
			if (syncType === syncProtocol.messageYjsUpdate) {
				client.received++;
				const marker = MARKER.exec(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('latin1'));
				client.onUpdate?.(marker ? marker[0] : null, at);
			}
		});
	});
	return client;
}

export function syncMessage(type: number, payload: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	encoding.writeVarUint(encoder, type);
	encoding.writeVarUint8Array(encoder, payload);
	return encoding.toUint8Array(encoder);
}

/** A Yjs v1 update with no structs and an empty delete set. */
function emptyUpdate(): Uint8Array {
	return new Uint8Array([0, 0]);
}

/** An awareness update with one client's state, as y-protocols encodes it. */
export function awarenessMessage(clientId: number, name: string, extra: Record<string, unknown> = {}): Uint8Array {
	const state = encoding.createEncoder();
	encoding.writeVarUint(state, 1);
	encoding.writeVarUint(state, clientId);
	encoding.writeVarUint(state, 1);
	encoding.writeVarString(state, JSON.stringify({ user: { name, color: '#00798c' }, pointer: null, selection: null, ...extra }));
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
	encoding.writeVarUint8Array(encoder, encoding.toUint8Array(state));
	return encoding.toUint8Array(encoder);
}

export function hash(text: string): number {
	let h = 2166136261;
	for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
	return (h >>> 0) % 2 ** 30;
}
