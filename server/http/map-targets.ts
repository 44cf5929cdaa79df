/**
 * A map's targets as everyone reads them: the server's, set by its owners. A map made before
 * targets moved out of the document (src/lib/model/legacy-targets.ts) has them there: they are
 * carried over once, when the server starts, or on the first read if that failed (a damaged
 * document); after that the document's targets are ignored, so a deleted one stays deleted.
 */
import type { RoomRegistry } from '../collab/room-registry.ts';
import { log } from '../log.ts';
import type { AccountStore } from '../store/account-store.ts';
import type { DocumentStore } from '../store/document-store.ts';
import { MAX_TARGETS, cleanTarget, readLegacyTargets, type Target } from '../../src/lib/model/index.ts';
import { withDocument } from './export-routes.ts';

export interface TargetsDeps {
	store: DocumentStore;
	accounts: AccountStore;
	registry: RoomRegistry;
}

/** The map's targets, by deadline. */
export async function mapTargets(deps: TargetsDeps, mapId: string): Promise<Target[]> {
	if (await deps.accounts.documentTargetsPending(mapId)) await carryOver(deps, mapId);
	return deps.accounts.targets(mapId);
}

/** Carries every waiting map's document targets over; a map that fails is retried on its first read. */
export async function carryOverAllDocumentTargets(deps: TargetsDeps): Promise<void> {
	for (const mapId of await deps.accounts.mapsWithDocumentTargetsPending()) {
		try {
			await carryOver(deps, mapId);
		} catch (error) {
			log('warn', 'could not carry a map’s targets over from its document; will retry on first read', { map: mapId, error });
		}
	}
}

async function carryOver(deps: TargetsDeps, mapId: string): Promise<void> {
	const found = await withDocument(deps, mapId, (map) => readLegacyTargets(map.doc));
	// The same rules as an owner's: a target an older version let through unchecked is dropped.
	const clean: Target[] = [];
	for (const target of found.slice(0, MAX_TARGETS)) {
		try {
			clean.push({ id: target.id, ...cleanTarget(target) });
		} catch (error) {
			log('warn', 'dropped an invalid target from a map’s document', { map: mapId, target: target.id, error });
		}
	}
	if (await deps.accounts.carryOverDocumentTargets(mapId, clean)) {
		log('info', 'carried a map’s targets over from its document', { map: mapId, targets: clean.length });
	}
}
