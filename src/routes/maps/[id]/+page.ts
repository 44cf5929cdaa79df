import type { PageLoad } from './$types';
import { filterFromParams } from '#lib/filters/url.ts';
import type { AgentFilter } from '#lib/filters/filter.ts';

// The map page needs the browser (WebGL, IndexedDB, websockets): no server-side rendering.
export const ssr = false;

export interface MapPageData {
	mapId: string;
	name: string | null;
	basemapStyleUrl: string | null;
	/** Why the map cannot be opened, when it cannot (unknown id). Offline is not an error. */
	problem: 'not-found' | null;
	/** The managers' filter carried by the link (empty for a bare map address). */
	filter: AgentFilter;
}

export const load: PageLoad = async ({ params, fetch, url }): Promise<MapPageData> => {
	const mapId = params.id;
	// Filter changes rewrite the URL shallowly (no load); this reads a link as it is opened.
	const filter = filterFromParams(url.searchParams);
	try {
		const [mapResponse, configResponse] = await Promise.all([fetch(`/api/maps/${encodeURIComponent(mapId)}`), fetch('/api/config')]);
		if (mapResponse.status === 404) return { mapId, name: null, basemapStyleUrl: null, problem: 'not-found', filter };
		const map = mapResponse.ok ? await mapResponse.json() : null;
		const config = configResponse.ok ? await configResponse.json() : {};
		return { mapId, name: map?.name ?? null, basemapStyleUrl: config.basemapStyleUrl ?? null, problem: null, filter };
	} catch {
		// Offline: open from the local replica; the connection status says we are offline.
		return { mapId, name: null, basemapStyleUrl: null, problem: null, filter };
	}
};
