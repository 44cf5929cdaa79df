/** The Hono app as Vite's dev server uses it: a request listener and an upgrade handler. */
import { createAdaptorServer, getRequestListener } from '@hono/node-server';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { composeTejido } from '../compose.ts';
import { readConfig } from '../config.ts';

export async function createDevApp() {
	const tejido = await composeTejido(readConfig());
	// A never-listening server: Hono writes its upgrade rejections (401/403/404) only when it
	// owns the upgrade, so it gets its own server object rather than Vite's.
	const upgrades = createAdaptorServer({ fetch: tejido.app.fetch, websocket: { server: tejido.wss } });
	return {
		listener: getRequestListener(tejido.app.fetch),
		onUpgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => upgrades.emit('upgrade', req, socket, head),
		close: () => tejido.close()
	};
}
