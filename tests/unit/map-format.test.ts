/**
 * A map stored in a format this code does not open is refused, not misread: schema version 1
 * (a `Y.Map` per agent and link) is no longer read, and a page that opens such a map says so
 * (src/lib/collab/map-session.svelte.ts, messages in src/lib/i18n/messages/map-format.ts).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MapDocument, SCHEMA_VERSION } from '../../src/lib/model/index.ts';
import * as messages from '../../src/lib/i18n/messages/map-format.ts';

/** A map as schema version 1 stored it: its version in the meta, an agent as a `Y.Map`. */
function versionOneMap(): MapDocument {
	const map = new MapDocument(new Y.Doc(), 'ana');
	map.doc.transact(() => {
		map.doc.getMap('meta').set('schemaVersion', 1);
		const agent = new Y.Map<unknown>();
		map.doc.getMap('agents').set('old', agent);
		agent.set('name', 'Old');
		agent.set('position', [-74.07, 4.63]);
	});
	return map;
}

describe('maps in a format this version does not open', () => {
	it('finds a version-1 map older, and reads none of its agents', () => {
		const map = versionOneMap();
		expect(map.unsupportedFormat()).toBe('older');
		expect(map.agents()).toEqual([]);
	});

	it('finds a map of a later version newer', () => {
		const map = new MapDocument(new Y.Doc(), 'ana');
		map.doc.getMap('meta').set('schemaVersion', SCHEMA_VERSION + 1);
		expect(map.unsupportedFormat()).toBe('newer');
	});

	it('opens a map made now, and a map not named yet (it has no version)', () => {
		const named = new MapDocument(new Y.Doc(), 'ana');
		named.setMeta({ name: 'Mapa' });
		expect(named.readMeta().schemaVersion).toBe(SCHEMA_VERSION);
		expect(named.unsupportedFormat()).toBeNull();
		expect(new MapDocument(new Y.Doc(), 'ana').unsupportedFormat()).toBeNull();
	});

	it('has a message for each refusal in both languages', () => {
		expect(Object.keys(messages.es).sort()).toEqual(Object.keys(messages.en).sort());
		expect(messages.es['mapFormat.older']).toMatch(/formato antiguo/);
		expect(messages.en['mapFormat.newer']).toMatch(/newer format/);
	});
});
