/** The stock y-websocket client, as the browser uses it, with a full replica of the map. */
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

export interface StockClient {
	doc: Y.Doc;
	provider: WebsocketProvider;
	destroy(): void;
	/**
	 * Destroys the client and resolves once its socket has closed: until then the socket's
	 * listeners keep the whole replica reachable, and a garbage collection cannot free it.
	 */
	close(): Promise<void>;
}

/** Connects and resolves once the first full sync has completed, with how long it took. */
export async function syncStockClient(
	wsUrl: string,
	mapId: string,
	name: string,
	options: { cookie: string; timeoutMs: number }
): Promise<{ client: StockClient; syncMs: number }> {
	const { cookie, timeoutMs } = options;
	// y-websocket constructs its sockets itself: a subclass adds the session cookie.
	class SessionSocket extends WebSocket {
		constructor(url: string, protocols?: string | string[]) {
			super(url, protocols, { headers: { cookie }, perMessageDeflate: false });
		}
	}
	const doc = new Y.Doc();
	const started = performance.now();
	const provider = new WebsocketProvider(wsUrl, mapId, doc, {
		WebSocketPolyfill: SessionSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true,
		// A benchmark client must not reconnect behind our back and sync a second time.
		maxBackoffTime: 60_000
	});
	const client: StockClient = {
		doc,
		provider,
		destroy() {
			provider.awareness.destroy();
			provider.destroy();
			doc.destroy();
		},
		async close() {
			const socket = provider.ws as unknown as WebSocket | null;
			const closed =
				socket && socket.readyState !== WebSocket.CLOSED
					? new Promise<void>((done) => socket.once('close', () => done()))
					: Promise.resolve();
			client.destroy();
			await closed;
		}
	};
	try {
		await new Promise<void>((done, reject) => {
			const timer = setTimeout(() => reject(new Error(`${name}: no full sync within ${timeoutMs} ms`)), timeoutMs);
			provider.on('sync', (synced: boolean) => {
				if (!synced) return;
				clearTimeout(timer);
				done();
			});
		});
	} catch (error) {
		client.destroy();
		throw error;
	}
	return { client, syncMs: performance.now() - started };
}
