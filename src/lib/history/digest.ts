/**
 * Turns stored updates into activity: replays them one at a time on a document holding the
 * state before each, and names what each one added, changed or deleted. The server runs it
 * over the update log (compacted updates included, see server/store) and keeps the result,
 * so each update is replayed once, not on every look at the feed.
 *
 * Pure over Yjs and the model: no storage, no clock.
 */
import * as Y from 'yjs';
import { COLLECTIONS, MapDocument, describeChanges, entityName, type EntityAction, type EntityChange } from '../model/index.ts';

export interface UpdateToDigest {
	seq: number;
	update: Uint8Array;
	actor: string;
	at: number;
}

export interface DigestedEntity {
	collection: string;
	id: string;
	action: EntityAction;
	name: string;
	fields: string[];
	/** An agent's fields after the update, as JSON, for its versions; null otherwise. */
	value: string | null;
}

export interface DigestedUpdate {
	seq: number;
	actor: string;
	at: number;
	entities: DigestedEntity[];
	entityCount: number;
}

export interface Digest {
	records: DigestedUpdate[];
	/** The state after every update digested, to digest the next ones from. */
	state: Uint8Array;
	/** Updates Yjs could not read (damaged bytes): recorded as touching nothing. */
	damaged: number[];
}

export function digestUpdates(state: Uint8Array | null, updates: readonly UpdateToDigest[]): Digest {
	const doc = new Y.Doc();
	try {
		if (state) Y.applyUpdate(doc, state);
		const map = new MapDocument(doc, 'history');
		// A deleted entity can no longer be read, so its name comes from before: every name is
		// known up front and kept current as updates are replayed.
		const names = new Map<string, string>();
		for (const collection of COLLECTIONS) {
			for (const id of map.ids(collection)) names.set(key(collection, id), entityName(map, collection, id) ?? '');
		}
		const records: DigestedUpdate[] = [];
		const damaged: number[] = [];
		for (const { seq, update, actor, at } of updates) {
			let changes: EntityChange[] = [];
			try {
				changes = describeChanges(doc, () => Y.applyUpdate(doc, update));
			} catch {
				damaged.push(seq);
			}
			const entities = changes.map((change) => describe(map, names, change));
			records.push({ seq, actor, at, entities, entityCount: entities.length });
		}
		return { records, state: Y.encodeStateAsUpdate(doc), damaged };
	} finally {
		doc.destroy();
	}
}

function key(collection: string, id: string): string {
	return `${collection}\u0000${id}`;
}

function describe(map: MapDocument, names: Map<string, string>, change: EntityChange): DigestedEntity {
	const k = key(change.collection, change.id);
	const now = change.action === 'deleted' ? null : entityName(map, change.collection, change.id);
	const name = now ?? names.get(k) ?? '';
	if (change.action === 'deleted') names.delete(k);
	else names.set(k, name);
	const agent = change.collection === 'agents' && change.action !== 'deleted' ? map.agent(change.id) : null;
	return {
		collection: change.collection,
		id: change.id,
		action: change.action,
		name,
		fields: change.fields,
		value: agent ? JSON.stringify(agent) : null
	};
}
