/** Entry point of `npm start`: the built app, the API and the collaboration server on one port. */
import { readConfig } from './config.ts';
import { log } from './log.ts';
import { startServer } from './server.ts';

const config = readConfig();
const server = await startServer(config, { pages: process.env.SERVE_PAGES !== '0' }).catch((error) => {
	log('error', 'Tejido could not start', { error: String(error?.message ?? error) });
	if (error?.code === 'EADDRINUSE') log('error', `Port ${config.port} is in use: set PORT to another port.`);
	process.exit(1);
});

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, async () => {
		if (stopping) return;
		stopping = true;
		log('info', 'stopping: storing open maps');
		await server.close();
		process.exit(0);
	});
}
