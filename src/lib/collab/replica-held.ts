/**
 * Whether this browser already holds a replica of a map with something in it, asked without
 * reading it: a session that draws a large map's first view reads such a replica only once the
 * view is drawn (reading 90 MB holds the page for seconds), while an empty one (a first visit)
 * is opened at once, so that the connection the map comes through is not held back.
 */

/** The object store of updates (local-replica.ts, in y-indexeddb's layout). */
const UPDATES_STORE = 'updates';

/**
 * True when the database `name` exists and stores at least one update. False when it does not,
 * or when this cannot be told (no `indexedDB.databases()`, IndexedDB refused): the session then
 * opens the replica at once, as for a map it has never stored.
 */
export async function replicaHeld(name: string): Promise<boolean> {
	try {
		// `open` would create the database when it is missing: look it up first.
		const databases = await indexedDB.databases();
		if (!databases.some((database) => database.name === name)) return false;
		const db = await request(indexedDB.open(name));
		try {
			if (!db.objectStoreNames.contains(UPDATES_STORE)) return false;
			const count = await request(db.transaction(UPDATES_STORE, 'readonly').objectStore(UPDATES_STORE).count());
			return count > 0;
		} finally {
			db.close();
		}
	} catch {
		return false;
	}
}

function request<T>(req: IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error);
	});
}
