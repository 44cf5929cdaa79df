/**
 * Hands a request to SvelteKit's adapter-node handler (the built `build/handler.js`), so pages
 * and static assets share the API's port. The handler writes to Node's response itself, so we
 * tell Hono the response was already sent.
 */
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Handler } from 'hono';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AppEnv } from './app-env.ts';

type NodeHandler = (req: unknown, res: unknown, next: () => void) => void;

export async function loadSvelteKitPages(buildDir = resolve(process.env.BUILD_DIR ?? 'build')): Promise<Handler<AppEnv>> {
	const file = resolve(buildDir, 'handler.js');
	if (!existsSync(file)) {
		throw new Error(`The app is not built (${file} is missing). Run "npm start", which builds it first.`);
	}
	const { handler } = (await import(pathToFileURL(file).href)) as { handler: NodeHandler };
	return (c) =>
		new Promise<Response>((done) => {
			const { incoming, outgoing } = c.env;
			outgoing.on('close', () => done(RESPONSE_ALREADY_SENT));
			handler(incoming, outgoing, () => {
				outgoing.statusCode = 404;
				outgoing.end('Not found');
			});
		});
}
