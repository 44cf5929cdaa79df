/**
 * Presence cannot be forged (issue 23, item 6): a connection sets presence only for the client
 * ids it introduced, so nobody can rewrite or delete another person's; and a signed-in person's
 * presence shows their account's name, whatever their client claims. Real server process,
 * stock y-websocket clients and raw presence messages on real sockets.
 */
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, createAccount, createMaps, startServer, tempDataDir, waitFor, type ServerProcess, type TestClient } from './harness.ts';

const MESSAGE_AWARENESS = 1;
const data = tempDataDir();
let server: ServerProcess;
const clients: TestClient[] = [];

/** A presence message with one entry, as a modified client would send it. */
function presenceMessage(clientId: number, clock: number, state: unknown): Uint8Array<ArrayBuffer> {
	const update = encoding.createEncoder();
	encoding.writeVarUint(update, 1);
	encoding.writeVarUint(update, clientId);
	encoding.writeVarUint(update, clock);
	encoding.writeVarString(update, JSON.stringify(state));
	const message = encoding.createEncoder();
	encoding.writeVarUint(message, MESSAGE_AWARENESS);
	encoding.writeVarUint8Array(message, encoding.toUint8Array(update));
	return encoding.toUint8Array(message) as Uint8Array<ArrayBuffer>;
}

function userOf(observer: TestClient, clientId: number): Record<string, unknown> | undefined {
	return observer.provider.awareness.getStates().get(clientId)?.user as Record<string, unknown> | undefined;
}

function open(actor: string, cookie: string): TestClient {
	const client = connectClient(server.wsUrl, 'm', actor, { cookie });
	clients.push(client);
	return client;
}

beforeAll(async () => {
	await createMaps(data.dir, ['m']);
	server = await startServer(data.dir);
});

afterAll(async () => {
	for (const client of clients) client.destroy();
	await server.stop();
	data.remove();
});

describe('presence', () => {
	it('shows a signed-in person by their account name, not the name their client sends', async () => {
		const ana = open('ana', (await createAccount(data.dir, 'Ana Ruiz')).cookie);
		const observer = open('observer', (await createAccount(data.dir, 'Observadora')).cookie);
		await Promise.all([ana.synced(), observer.synced()]);
		ana.provider.awareness.setLocalStateField('user', { name: 'Admin (official)', color: '#123456', key: 'user:someone-else' });
		const id = ana.doc.clientID;
		await waitFor(() => userOf(observer, id)?.color === '#123456', 'Ana’s presence reaches the observer');
		expect(userOf(observer, id)).toMatchObject({ name: 'Ana Ruiz', guest: false });
		expect(userOf(observer, id)?.key).not.toBe('user:someone-else');
	});

	it('cannot be rewritten or deleted by another connection, even with a higher clock', async () => {
		const victim = open('victim', (await createAccount(data.dir, 'Víctima')).cookie);
		const attacker = open('attacker', (await createAccount(data.dir, 'Atacante')).cookie);
		const observer = open('observer2', (await createAccount(data.dir, 'Testigo')).cookie);
		await Promise.all([victim.synced(), attacker.synced(), observer.synced()]);
		victim.provider.awareness.setLocalStateField('user', { name: 'x', color: '#00798c', key: 'k' });
		const id = victim.doc.clientID;
		await waitFor(() => userOf(observer, id)?.color === '#00798c', 'the victim’s presence reaches the observer');

		const socket = attacker.provider.ws!;
		socket.send(presenceMessage(id, 10_000, { user: { name: 'Admin (official)', color: '#ff0000' } }));
		socket.send(presenceMessage(id, 10_001, null));
		// A message the attacker is allowed to send, after the forged ones: once it arrives, the
		// forged ones (sent before on the same socket) have been handled.
		attacker.provider.awareness.setLocalStateField('user', { name: 'y', color: '#222222' });
		await waitFor(() => userOf(observer, attacker.doc.clientID)?.color === '#222222', 'the attacker’s own presence arrives');

		// Neither rewritten (the forged colour) nor deleted (the forged removal).
		expect(userOf(observer, id)).toMatchObject({ color: '#00798c' });
		expect(userOf(victim, id)).toMatchObject({ color: '#00798c' });
		expect(attacker.provider.wsconnected).toBe(true);
	});
});
