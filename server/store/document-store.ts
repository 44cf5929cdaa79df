/**
 * Durable storage of maps and their Yjs update logs. One interface, so the collaboration core
 * never knows which engine holds the bytes: SQLite (the embedded default) or PostgreSQL
 * (several server processes), both held to tests/server/store-contract.test.ts.
 *
 * A map's document is its latest snapshot (merged state) plus every update appended and not
 * yet merged into it. Every update records who sent it and when, for the activity feed and
 * history.
 */

export interface MapRecord {
	id: string;
	name: string;
	createdAt: number;
}

export interface StoredUpdate {
	seq: number;
	update: Uint8Array;
	actor: string;
	at: number;
}

export interface StoredDocument {
	/** The merged state of every update compacted so far, or null when the map was never compacted. */
	snapshot: Uint8Array | null;
	/** The highest sequence number merged into the snapshot (0 without one). */
	snapshotSeq: number;
	/**
	 * Every update not merged into the snapshot, in sequence order. With several processes
	 * one may carry a number below `snapshotSeq`: it was numbered before a compaction but
	 * committed after it, so that compaction could not see it. It is still part of the map.
	 */
	updates: StoredUpdate[];
}

/** What one stored update did to one entity, as the activity digest found (src/lib/history). */
export interface ActivityEntity {
	collection: string;
	id: string;
	action: 'added' | 'changed' | 'deleted';
	/** The entity's name after the update (before it, for a deletion). */
	name: string;
	fields: string[];
	/** The entity's fields after the update as JSON (agents only, for their versions), or null. */
	value: string | null;
}

/** One digested update: who, when, and the entities it touched. */
export interface ActivityRecord {
	seq: number;
	actor: string;
	at: number;
	entities: ActivityEntity[];
	/** How many entities it touched; `entities` may hold fewer when a list was cut short. */
	entityCount: number;
}

/** The updates still to digest, and the document they apply to. */
export interface ActivityBacklog {
	/** The document as of every update digested so far; the history's base, or null (empty), before the first. */
	state: Uint8Array | null;
	/** Hand back to `saveActivity`: it saves only if nobody else saved since this read. */
	version: number;
	/** Stored updates (compacted or not) not digested yet, in sequence order. */
	updates: StoredUpdate[];
}

export interface DocumentStore {
	createMap(map: MapRecord): Promise<void>;
	getMap(id: string): Promise<MapRecord | null>;
	listMaps(): Promise<MapRecord[]>;
	/**
	 * Appends one update and returns its sequence number, unique for the map even when several
	 * processes append at once, and higher than any this process got before for it. Resolves
	 * only once the update is durable.
	 */
	appendUpdate(mapId: string, update: Uint8Array, actor: string): Promise<number>;
	/** The snapshot and the unmerged updates as one consistent read (never half a compaction). */
	loadDocument(mapId: string): Promise<StoredDocument>;
	/**
	 * The whole stored map as one update (`loadDocument`'s parts merged as a compaction merges
	 * them, off the event loop for a large map), or null when nothing is stored: what a copy of
	 * the map starts from.
	 */
	loadMerged(mapId: string): Promise<Uint8Array | null>;
	/**
	 * Merges the snapshot and the stored updates numbered up to `uptoSeq` into a new snapshot
	 * and deletes exactly the updates it merged, in one transaction: a crash leaves either the
	 * old log or the new snapshot, never neither. The merge itself runs outside any transaction
	 * and off the event loop, so appends are neither blocked nor lost meanwhile. It reads the
	 * store's own rows, never a caller's in-memory state, which may lack an update another
	 * process stored. Concurrent compactions of one map (from any process) are serialised or
	 * skipped, never interleaved.
	 * Returns how many updates it merged (0 when there were none, or another compaction of the
	 * map was under way).
	 */
	compact(mapId: string, uptoSeq: number): Promise<number>;

	// ── history: compaction moves merged updates into a history it never deletes ─────────────

	/**
	 * Every update since the map's history began, compacted or not, in sequence order, and the
	 * state before the first of them: null for a map created with history, the snapshot of a
	 * map compacted before history was kept.
	 */
	loadHistory(mapId: string): Promise<{ base: Uint8Array | null; updates: StoredUpdate[] }>;
	/** At most `limit` updates not yet digested into the activity record, and the state they apply to. */
	activityBacklog(mapId: string, limit: number): Promise<ActivityBacklog>;
	/**
	 * Saves digested updates and the state after them, in one transaction, if the digest is
	 * still at `version` (another process may have digested the same updates meanwhile:
	 * then nothing is saved and it returns false).
	 */
	saveActivity(mapId: string, records: ActivityRecord[], state: Uint8Array, version: number): Promise<boolean>;
	/**
	 * Digested updates that touched something, newest first, below `beforeSeq`; at most
	 * `entityLimit` entities each, without their values.
	 */
	listActivity(mapId: string, options: { beforeSeq?: number; limit: number; entityLimit: number }): Promise<ActivityRecord[]>;
	/** What the digested updates did to one entity, newest first, with its value after each. */
	entityHistory(mapId: string, collection: string, entityId: string, limit: number): Promise<ActivityRecord[]>;
	close(): Promise<void>;
}

/** Raised when stored bytes cannot be read back; names the map so an operator can act. */
export class StoreError extends Error {
	readonly mapId: string;
	constructor(mapId: string, message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.name = 'StoreError';
		this.mapId = mapId;
	}
}
