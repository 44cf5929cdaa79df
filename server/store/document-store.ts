/**
 * Durable storage of maps and their Yjs update logs. One interface, so the collaboration core
 * never knows which engine holds the bytes (SQLite by default; PostgreSQL is a later adapter
 * that must pass the same contract tests in tests/server/store-contract.test.ts).
 *
 * A map's document is its latest snapshot (merged state) plus every update appended after it.
 * Every update records who sent it and when, for the activity feed and history.
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
	/** The merged state up to `snapshotSeq`, or null when the map was never compacted. */
	snapshot: Uint8Array | null;
	snapshotSeq: number;
	/** Updates appended after the snapshot, oldest first. */
	updates: StoredUpdate[];
}

export interface DocumentStore {
	createMap(map: MapRecord): Promise<void>;
	getMap(id: string): Promise<MapRecord | null>;
	listMaps(): Promise<MapRecord[]>;
	/** Appends one update and returns its sequence number; resolves only once it is durable. */
	appendUpdate(mapId: string, update: Uint8Array, actor: string): Promise<number>;
	loadDocument(mapId: string): Promise<StoredDocument>;
	/**
	 * Replaces every update up to `uptoSeq` by `snapshot`, in one transaction: a crash leaves
	 * either the old log or the new snapshot, never neither.
	 */
	compact(mapId: string, snapshot: Uint8Array, uptoSeq: number): Promise<void>;
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
