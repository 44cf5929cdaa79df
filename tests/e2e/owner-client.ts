/** A stock y-websocket client signed in as a browser context's account, for seeding maps. */
import type { BrowserContext } from '@playwright/test';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { MapDocument } from '../../src/lib/model/index.ts';

/**
 * Opens `mapId` over the real websocket with the context's session, waits for the first sync,
 * lets `write` edit the map, then waits for `arrived` (which says the server has the edits)
 * before it disconnects. `server` and `cookie` let `arrived` ask the HTTP API.
 */
export async function asOwner(
	context: BrowserContext,
	baseURL: string,
	mapId: string,
	write: (map: MapDocument) => void,
	arrived: (server: string, cookie: string) => Promise<void>
): Promise<void> {
	const cookie = (await context.cookies(baseURL)).map((c) => `${c.name}=${c.value}`).join('; ');
	// Node may resolve "localhost" to ::1 while the test server listens on 127.0.0.1 only.
	const server = baseURL.replace('//localhost', '//127.0.0.1');
	class AuthenticatedSocket extends WebSocket {
		constructor(url: string, protocols?: string | string[]) {
			super(url, protocols, { headers: { cookie, origin: server } });
		}
	}
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(`${server.replace(/^http/, 'ws')}/collab`, mapId, doc, {
		WebSocketPolyfill: AuthenticatedSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true
	});
	try {
		await new Promise<void>((done, fail) => {
			const timer = setTimeout(() => fail(new Error('the seeding client did not sync')), 10_000);
			provider.once('sync', (ok: boolean) => ok && (clearTimeout(timer), done()));
		});
		write(new MapDocument(doc, 'owner'));
		await arrived(server, cookie);
	} finally {
		provider.awareness.destroy();
		provider.destroy();
		doc.destroy();
	}
}
