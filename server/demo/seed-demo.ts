/** Puts the demo map into an empty database, so a fresh install has something to explore. */
import * as Y from 'yjs';
import { DEMO_MAP_NAME, seedDemoMap } from '../../src/lib/demo/demo-map.ts';
import { MapDocument } from '../../src/lib/model/index.ts';
import { log } from '../log.ts';
import type { DocumentStore } from '../store/document-store.ts';

export const DEMO_MAP_ID = 'demo';

/** Seeds the demo map when the database has no map; true when it did. */
export async function seedDemoIfEmpty(store: DocumentStore): Promise<boolean> {
	if ((await store.listMaps()).length > 0) return false;
	const map = new MapDocument(new Y.Doc(), 'demo-seed');
	seedDemoMap(map);
	await store.createMap({ id: DEMO_MAP_ID, name: DEMO_MAP_NAME, createdAt: Date.now() });
	await store.appendUpdate(DEMO_MAP_ID, Y.encodeStateAsUpdate(map.doc), 'demo-seed');
	log('info', 'created the demo map', { map: DEMO_MAP_ID, agents: map.agentCount() });
	map.doc.destroy();
	return true;
}
