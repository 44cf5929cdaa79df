import type { PageLoad } from './$types';

// The map page needs the browser (WebGL, IndexedDB, websockets): no server-side rendering.
export const ssr = false;

export interface MapPageData {
	mapId: string;
	name: string | null;
	basemapStyleUrl: string | null;
	/** Why the map cannot be opened, when it cannot (unknown id). Offline is not an error. */
	problem: 'not-found' | null;
}

export const load: PageLoad = async ({ params, fetch }): Promise<MapPageData> => {
	const mapId = params.id;
	try {
		const [mapResponse, configResponse] = await Promise.all([fetch(`/api/maps/${encodeURIComponent(mapId)}`), fetch('/api/config')]);
		if (mapResponse.status === 404) return { mapId, name: null, basemapStyleUrl: null, problem: 'not-found' };
		const map = mapResponse.ok ? await mapResponse.json() : null;
		const config = configResponse.ok ? await configResponse.json() : {};
		return { mapId, name: map?.name ?? null, basemapStyleUrl: config.basemapStyleUrl ?? null, problem: null };
	} catch {
		// Offline: open from the local replica; the connection status says we are offline.
		return { mapId, name: null, basemapStyleUrl: null, problem: null };
	}
};
