/**
 * A viewer's connection answers the server's sync step 1 like any stock client: with what the
 * server lacks, usually nothing but its delete set. Only an update that would change the
 * document is a write attempt worth logging; this proves the test tells the two apart.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { changesDocument } from '../../server/collab/protocol.ts';

function synced(): { server: Y.Doc; viewer: Y.Doc } {
	const server = new Y.Doc();
	const agents = server.getMap('agents');
	for (let i = 0; i < 20; i++) agents.set(`a${i}`, `Agent ${i}`);
	for (let i = 0; i < 5; i++) agents.delete(`a${i}`);
	const viewer = new Y.Doc();
	Y.applyUpdate(viewer, Y.encodeStateAsUpdate(server));
	return { server, viewer };
}

/** What a client sends as sync step 2: its state beyond the server's state vector. */
const syncStep2 = (from: Y.Doc, to: Y.Doc) => Y.encodeStateAsUpdate(from, Y.encodeStateVector(to));

describe('changesDocument', () => {
	it('is false for a replica with nothing new, deletions included', () => {
		const { server, viewer } = synced();
		expect(changesDocument(server, syncStep2(viewer, server))).toBe(false);
		expect(changesDocument(server, syncStep2(new Y.Doc(), server))).toBe(false);
	});

	it('is true for a new item', () => {
		const { server, viewer } = synced();
		viewer.getMap('agents').set('new', 'Intruso');
		expect(changesDocument(server, syncStep2(viewer, server))).toBe(true);
	});

	it('is true for a deletion the server has not made, even with no new item', () => {
		const { server, viewer } = synced();
		// Deleting a map key adds no item: only the delete set carries it.
		viewer.getMap('agents').delete('a10');
		const update = syncStep2(viewer, server);
		expect(Y.parseUpdateMeta(update).to.size).toBe(0);
		expect(changesDocument(server, update)).toBe(true);
	});

	it('is false once the server has the same deletion', () => {
		const { server, viewer } = synced();
		viewer.getMap('agents').delete('a10');
		Y.applyUpdate(server, syncStep2(viewer, server));
		expect(changesDocument(server, syncStep2(viewer, server))).toBe(false);
	});
});
