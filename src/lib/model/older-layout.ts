/**
 * Agents and links stored as schema version 1 did (a `Y.Map` per entity) under the records that
 * replaced that layout (docs/record-layout.md): what a record takes out of them, and what a
 * client still running version-1 code writes into them, restated as record edits.
 */
import * as Y from 'yjs';
import type { EntityRecord, RecordEdit } from './record-fold.ts';
import { isOwnableKey } from './validate.ts';

/**
 * Takes out of an entity's older map what `newer` overrides (fields, set members; the whole
 * entity when it deletes it), so the replaced value leaves the document.
 */
export function removeOverriddenFromOlder(older: Y.Map<unknown>, newer: EntityRecord): void {
	const entity = older.get(newer.id);
	if (!(entity instanceof Y.Map)) return;
	if (newer.gone === true) {
		older.delete(newer.id);
		return;
	}
	for (const key of Object.keys(newer.set ?? {})) if (entity.has(key)) entity.delete(key);
	for (const part of [newer.add, newer.del]) {
		for (const [key, members] of Object.entries(part ?? {})) {
			const set = entity.get(key);
			if (set instanceof Y.Map) for (const member of members) if (set.has(member)) set.delete(member);
		}
	}
}

type Restated = Required<Pick<RecordEdit, 'set' | 'add' | 'del'>> & { gone?: boolean };

/**
 * The record edits that restate a version-1 client's writes (the events of the older map) to
 * entities that have records: fields it set, members it added or removed, entities it deleted.
 */
export function restatedOlderWrites(
	events: Y.YEvent<Y.AbstractType<unknown>>[],
	older: Y.Map<unknown>,
	hasRecords: (id: string) => boolean
): Map<string, RecordEdit> {
	const edits = new Map<string, Restated>();
	const editOf = (id: string) => {
		let edit = edits.get(id);
		if (!edit) edits.set(id, (edit = { set: {}, add: {}, del: {} }));
		return edit;
	};
	for (const event of events) {
		const keys = (event as Y.YMapEvent<unknown>).changes.keys;
		if (event.path.length === 0) {
			for (const [id, change] of keys) {
				if (!hasRecords(id)) continue;
				const entity = older.get(id);
				if (change.action === 'delete') editOf(id).gone = true;
				else if (entity instanceof Y.Map) restateWhole(editOf(id), entity);
			}
			continue;
		}
		const id = String(event.path[0]);
		const entity = older.get(id);
		if (!(entity instanceof Y.Map) || !hasRecords(id)) continue;
		// A field named like a property of every object (a hostile peer's) is not restated: it
		// would write into the edit's prototype, or find a function there.
		if (event.path.length === 1) {
			for (const key of keys.keys()) {
				if (!isOwnableKey(key)) continue;
				const value = entity.get(key);
				if (value !== undefined && !(value instanceof Y.AbstractType)) editOf(id).set[key] = value;
			}
		} else if (event.path.length === 2) {
			const field = String(event.path[1]);
			if (!isOwnableKey(field)) continue;
			const members = entity.get(field);
			for (const member of keys.keys()) {
				const part = members instanceof Y.Map && members.get(member) === true ? 'add' : 'del';
				(editOf(id)[part][field] ??= []).push(member);
			}
		}
	}
	return edits;
}

/**
 * An entity the version-1 client wrote anew (brought back after a deletion, or replaced): it
 * exists again, with every field and member its map holds.
 */
function restateWhole(edit: Restated, entity: Y.Map<unknown>): void {
	edit.gone = false;
	for (const [key, value] of entity.entries()) {
		if (!isOwnableKey(key) || value === undefined) continue;
		if (!(value instanceof Y.AbstractType)) edit.set[key] = value;
		else if (value instanceof Y.Map) {
			const members = [...value.entries()].filter(([, flag]) => flag === true).map(([member]) => member);
			if (members.length > 0) edit.add[key] = members;
		}
	}
}
