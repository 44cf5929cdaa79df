/** The page asks for a map's first view beside the map itself (GET /api/maps/:id/first-view). */
import { readFirstView, type FirstView } from './format.ts';

/**
 * The first view for `mapId` under the page's own query (`search`: its filter and share token,
 * which the server applies too), or null: the map is small enough to wait for its document
 * (204), or the view cannot be had (offline, no access, an unreadable answer).
 */
export function fetchFirstView(fetch: typeof globalThis.fetch, mapId: string, search: string): Promise<FirstView | null> {
	return fetch(`/api/maps/${encodeURIComponent(mapId)}/first-view${search}`)
		.then((response) => (response.status === 200 ? response.json() : null))
		.then(readFirstView)
		.catch(() => null);
}
