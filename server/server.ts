/**
 * Starts Tejido's one process: store, rooms, HTTP and websocket on one port.
 * Used by `server/main.ts`; the tests start it as a child process through the same entry.
 */
import { createAdaptorServer } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { ServerConfig } from './config.ts';
import { composeTejido } from './compose.ts';
import { loadSvelteKitPages } from './http/sveltekit-pages.ts';
import { log } from './log.ts';

export interface RunningServer {
	url: string;
	close(): Promise<void>;
}

export async function startServer(config: ServerConfig, options: { pages: boolean }): Promise<RunningServer> {
	const pages = options.pages ? await loadSvelteKitPages() : undefined;
	const tejido = await composeTejido(config, pages);
	const server = createAdaptorServer({ fetch: tejido.app.fetch, websocket: { server: tejido.wss } });
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(config.port, config.host, () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	const url = `http://localhost:${port}`;
	log('info', `Tejido is running at ${url}`, { data: config.dataDir, version: config.version });
	return {
		url,
		async close() {
			const closed = new Promise<void>((resolve) => server.close(() => resolve()));
			await tejido.close();
			await closed;
		}
	};
}
