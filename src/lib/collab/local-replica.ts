/**
 * The browser's copy of a map in IndexedDB, so a map opens offline and edits made offline are
 * kept: every update is appended; on opening, all are applied in one transaction; past
 * COMPACT_AFTER they are replaced by the document's state. The layout is y-indexeddb's (an
 * auto-numbered `updates` store), so replicas it wrote still open. Written here so that storing
 * a large update's own bytes later (quiet-sync.ts) is a public method, not a private field.
 */
import * as idb from 'lib0/indexeddb';
import * as Y from 'yjs';

const UPDATES = 'updates';
/** y-indexeddb's store of other values: created so both libraries see the same database. */
const CUSTOM = 'custom';
/** Stored updates past which they are merged into one (y-indexeddb's PREFERRED_TRIM_SIZE). */
export const COMPACT_AFTER = 500;
const COMPACT_DELAY_MS = 1000;

export class LocalReplica {
	readonly doc: Y.Doc;
	readonly name: string;
	/** Resolves when the database is open; rejects when IndexedDB refuses (private mode, quota). */
	readonly opened: Promise<IDBDatabase>;
	/**
	 * Resolves once the stored updates are in the document; stays pending when IndexedDB
	 * refuses (as y-indexeddb's did): the session goes on without a replica (see `opened`).
	 */
	readonly whenSynced: Promise<void>;
	synced = false;
	/** Stores the document's changes; quiet-sync.ts detaches it while a large update is applied. */
	readonly updateListener = (update: Uint8Array, origin: unknown): void => {
		if (origin !== this) this.storeUpdates([update]);
	};
	private db: IDBDatabase | null = null;
	/** Updates made before the database opened, stored once it has. */
	private readonly early: Uint8Array[] = [];
	private stored = 0;
	private compactTimer: ReturnType<typeof setTimeout> | null = null;
	private destroyed = false;

	constructor(name: string, doc: Y.Doc) {
		this.name = name;
		this.doc = doc;
		this.opened = idb.openDB(name, (db) => idb.createStores(db, [[UPDATES, { autoIncrement: true }], [CUSTOM]]));
		this.whenSynced = this.opened.then(
			(db) => this.load(db),
			() => new Promise<void>(() => {})
		);
		doc.on('update', this.updateListener);
	}

	/** Appends updates to the replica (after those made before it opened). */
	storeUpdates(updates: readonly Uint8Array[]): void {
		if (this.destroyed || updates.length === 0) return;
		if (!this.db) {
			this.early.push(...updates);
			return;
		}
		const [store] = idb.transact(this.db, [UPDATES]);
		for (const update of updates) store.add(update);
		this.stored += updates.length;
		if (this.stored >= COMPACT_AFTER) this.compactSoon();
	}

	async destroy(): Promise<void> {
		this.destroyed = true;
		if (this.compactTimer) clearTimeout(this.compactTimer);
		this.doc.off('update', this.updateListener);
		const db = await this.opened.catch(() => null);
		db?.close();
	}

	private async load(db: IDBDatabase): Promise<void> {
		const [store] = idb.transact(db, [UPDATES], 'readonly');
		const updates = (await idb.getAll(store)) as Uint8Array[];
		if (this.destroyed) return;
		Y.transact(
			this.doc,
			() => {
				for (const update of updates) Y.applyUpdate(this.doc, update);
			},
			this,
			false
		);
		this.db = db;
		this.stored = updates.length;
		this.storeUpdates(this.early.splice(0));
		this.synced = true;
		if (this.stored >= COMPACT_AFTER) this.compactSoon();
	}

	private compactSoon(): void {
		if (this.compactTimer) clearTimeout(this.compactTimer);
		this.compactTimer = setTimeout(() => {
			this.compactTimer = null;
			void this.compact();
		}, COMPACT_DELAY_MS);
	}

	/** Replaces the stored updates by the document's state, in one transaction. */
	private async compact(): Promise<void> {
		if (!this.db || this.destroyed) return;
		const [store] = idb.transact(this.db, [UPDATES]);
		const last = await idb.getLastKey(store);
		await idb.rtop(store.add(Y.encodeStateAsUpdate(this.doc)));
		if (last !== undefined) await idb.del(store, idb.createIDBKeyRangeUpperBound(last, false));
		this.stored = await idb.count(store);
	}
}
