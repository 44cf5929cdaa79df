/**
 * Development: mounts the same Hono app inside Vite's dev server, so `npm run dev` serves
 * pages (with HMR), /api and /collab on one port, as production does.
 */
import type { Plugin } from 'vite';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export function tejidoDevServer(): Plugin {
	return {
		name: 'tejido-dev-server',
		apply: (_config, env) => env.command === 'serve' && !process.env.VITEST,
		async configureServer(server) {
			// Imported at run time (not bundled into the config) so Node runs the server code as is.
			const dev = await import(pathToFileURL(resolve('server/http/dev-app.ts')).href);
			const { listener, onUpgrade, close } = await dev.createDevApp();
			server.middlewares.use((req, res, next) => {
				if (req.url?.startsWith('/api/')) listener(req, res);
				else next();
			});
			// Forward only /collab upgrades; Vite's own HMR socket keeps its upgrades.
			server.httpServer?.on('upgrade', (req, socket, head) => {
				if (req.url?.startsWith('/collab/')) onUpgrade(req, socket, head);
			});
			server.httpServer?.on('close', () => void close());
		}
	};
}
