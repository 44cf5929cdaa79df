/**
 * Targets as Tejido kept them before December 2026: in the map's document (`targets`, one
 * `Y.Map` per target). Any editor could write there over the live connection, but targets
 * are the owners' to set, so the server's database holds them now, written only through
 * owner-only routes (server/http/targets-routes.ts). The document's targets are read-only
 * legacy: the server reads them once per map to carry them over, and nothing else reads them.
 * `writeLegacyTarget` is what an older client (or a forging one) can still do; tests use it.
 */
import * as Y from 'yjs';
import { readAllOf, readTarget, type Fields } from './read.ts';
import { byDeadline, cleanTarget, newEntityId, writeValues, type TargetInput } from './register.ts';
import type { CollectionName, Target } from './schema.ts';
import type { Issue } from './validate.ts';

/** The document's collection that held targets; the activity record ignores it. */
export const LEGACY_TARGETS = 'targets' satisfies CollectionName;

/** The targets a document still holds from an older Tejido, by deadline. */
export function readLegacyTargets(doc: Y.Doc, issues?: Issue[]): Target[] {
	return readAllOf(doc, LEGACY_TARGETS, readTarget, issues).sort(byDeadline);
}

/** Writes a target where an older Tejido did; returns its id. For tests and fixtures only. */
export function writeLegacyTarget(doc: Y.Doc, input: TargetInput): string {
	const id = newEntityId(input.id);
	const clean = cleanTarget(input);
	doc.transact(() => {
		const fields: Fields = new Y.Map();
		doc.getMap<Fields>(LEGACY_TARGETS).set(id, fields);
		const { kinds, ...values } = clean;
		writeValues(fields, { values: Object.entries(values), sets: [['kinds', new Set(kinds)]] });
	});
	return id;
}
