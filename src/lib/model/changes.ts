/**
 * What one stored update did to a map, entity by entity: which agents, links, interactions…
 * it added, changed (and which fields) or deleted. The activity feed and the history of an
 * agent are built from this, by replaying the stored update log one update at a time.
 */
import * as Y from 'yjs';
import { agentRecords, linkRecords } from './entity-records.ts';
import { LEGACY_TARGETS, readLegacyTargets } from './legacy-targets.ts';
import type { MapDocument } from './map-document.ts';
import { COLLECTIONS, META, RECORD_ARRAYS, type CollectionName } from './schema.ts';

export type EntityAction = 'added' | 'changed' | 'deleted';

export interface EntityChange {
	collection: CollectionName | 'meta';
	id: string;
	action: EntityAction;
	/** The fields that changed (for `changed`), without the edit stamps; sorted. */
	fields: string[];
}

/** Stamps every edit writes; they say nothing about what the edit was. */
const STAMPS = new Set(['updatedBy', 'updatedAt']);

/**
 * Runs `apply` (which applies updates to `doc`) and reports the entities it touched. Yjs only
 * reports changes inside types that existed before the transaction, so a new entity is one
 * `added`, never also a `changed`.
 */
export function describeChanges(doc: Y.Doc, apply: () => void): EntityChange[] {
	const found = new Map<string, EntityChange>();
	const note = (collection: EntityChange['collection'], id: string, action: EntityAction, fields: string[]) => {
		const key = `${collection}\u0000${id}`;
		const seen = found.get(key);
		if (!seen) {
			found.set(key, { collection, id, action, fields: fields.filter((f) => !STAMPS.has(f)) });
			return;
		}
		// Deleted and added again in one update (an undo of a delete): it is there again.
		if (action !== 'changed') seen.action = seen.action === 'deleted' && action === 'added' ? 'changed' : action;
		for (const field of fields) if (!STAMPS.has(field) && !seen.fields.includes(field)) seen.fields.push(field);
	};
	// Writes into the legacy targets change nothing anyone sees: the record does not list them.
	const observed = COLLECTIONS.filter((name) => !(name in RECORD_ARRAYS) && name !== LEGACY_TARGETS);
	const stops = observed.map((name) => {
		const collection = doc.getMap(name);
		const handler = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
			for (const event of events) {
				if (event.path.length === 0) {
					for (const [id, change] of (event as Y.YMapEvent<unknown>).changes.keys) {
						const action = change.action === 'add' ? 'added' : change.action === 'delete' ? 'deleted' : 'changed';
						note(name, id, action, action === 'changed' ? ['*'] : []);
					}
				} else {
					const id = String(event.path[0]);
					const fields = event.path.length >= 2 ? [String(event.path[1])] : [...(event as Y.YMapEvent<unknown>).keysChanged];
					note(name, id, 'changed', fields);
				}
			}
		};
		collection.observeDeep(handler);
		return () => collection.unobserveDeep(handler);
	});
	for (const [name, records] of [['agents', agentRecords(doc)], ['links', linkRecords(doc)]] as const) {
		stops.push(
			records.onChange((changes) => {
				for (const { id, before, after, fields } of changes) {
					if (before !== after) note(name, id, after ? 'added' : 'deleted', []);
					else if (after) note(name, id, 'changed', fields);
				}
			})
		);
	}
	const meta = doc.getMap(META);
	const metaHandler = (event: Y.YMapEvent<unknown>) => note('meta', 'meta', 'changed', [...event.keysChanged]);
	meta.observe(metaHandler);
	try {
		apply();
	} finally {
		for (const stop of stops) stop();
		meta.unobserve(metaHandler);
	}
	for (const change of found.values()) change.fields.sort();
	return [...found.values()];
}

/**
 * A short human name for an entity as it is now: an agent's or project's name, an
 * interaction's title, a link's two ends; null when it is not there (or not readable).
 */
export function entityName(map: MapDocument, collection: EntityChange['collection'], id: string): string | null {
	switch (collection) {
		case 'agents':
			return map.agent(id)?.name ?? null;
		case 'links': {
			const link = map.link(id);
			if (!link) return null;
			return `${map.agent(link.from)?.name ?? '?'} — ${map.agent(link.to)?.name ?? '?'}`;
		}
		case 'interactions':
			return map.register.interaction(id)?.title ?? null;
		case 'targets':
			return readLegacyTargets(map.doc).find((target) => target.id === id)?.label ?? null;
		case 'projects':
			return map.register.project(id)?.name ?? null;
		case 'areas':
			return map.areas().find((area) => area.id === id)?.name ?? null;
		case 'niches':
			return map.niches().find((niche) => niche.id === id)?.name ?? null;
		case 'networks':
			return map.networks().find((network) => network.id === id)?.name ?? null;
		case 'meta':
			return map.readMeta().name;
	}
}
