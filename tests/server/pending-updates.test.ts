/**
 * An update the server cannot apply yet (it deletes or builds on content the server has not
 * seen) waits in the document, and is applied inside the transaction of whichever update
 * completes it. That transaction's sender must then receive what was applied besides its own
 * edit, or it alone keeps a different document until it reconnects. A modified client can
 * cause this on purpose, by deleting the next item another person will create (found while
 * chasing a rare fuzzing failure, which it does not explain: random bytes cannot name another
 * client's id). With several processes the same happens to an update that arrives from
 * another process: see tests/server/scale-out.test.ts.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	canonical,
	connectClient,
	createMaps,
	deleteOnlyUpdate,
	sendRawUpdate,
	startServer,
	tempDataDir,
	waitFor,
	type ServerProcess
} from './harness.ts';

let server: ServerProcess;
let cookie = '';
const data = tempDataDir();

beforeAll(async () => {
	cookie = await createMaps(data.dir, ['m']);
	server = await startServer(data.dir);
});

afterAll(async () => {
	await server.stop();
	data.remove();
});

it('sends the sender of an update what the server applied with it from earlier, incomplete updates', async () => {
	const ana = connectClient(server.wsUrl, 'm', 'ana', { cookie });
	const beto = connectClient(server.wsUrl, 'm', 'beto', { cookie });
	try {
		await Promise.all([ana.synced(), beto.synced()]);
		ana.map.addAgent({ name: 'Primero', position: [-74.08, 4.6] });
		await waitFor(() => beto.map.agentCount() === 1, 'Beto sees the first agent');

		// Someone deletes the item Ana's next edit will create: the server keeps the deletion
		// waiting, since it has not seen that item yet.
		const next = Y.getState(ana.doc.store, ana.doc.clientID);
		await sendRawUpdate(server.wsUrl, 'm', cookie, deleteOnlyUpdate(ana.doc.clientID, next, 1));
		ana.map.addAgent({ name: 'Segundo', position: [-74.09, 4.61] });

		// The server applied Ana's agent and the waiting deletion in one transaction: Beto
		// receives both, and Ana must receive the deletion too.
		await waitFor(() => canonical(ana.doc) === canonical(beto.doc), 'Ana and Beto hold the same document');
		const fresh = connectClient(server.wsUrl, 'm', 'fresh', { cookie });
		try {
			await fresh.synced();
			expect(canonical(fresh.doc)).toBe(canonical(ana.doc));
		} finally {
			fresh.destroy();
		}
	} finally {
		ana.destroy();
		beto.destroy();
	}
});
