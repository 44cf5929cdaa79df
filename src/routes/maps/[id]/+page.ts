import { redirect } from '@sveltejs/kit';
import type { PageLoad } from './$types';
import { filterFromParams } from '#lib/filters/url.ts';
import type { AgentFilter } from '#lib/filters/filter.ts';
import type { MapAccessInfo } from '#lib/ui/map-access.ts';
import { fetchFirstView, type FirstView } from '#lib/map/first-view/index.ts';

// The map page needs the browser (WebGL, IndexedDB, websockets): no server-side rendering.
export const ssr = false;

export interface MapPageData {
	mapId: string;
	name: string | null;
	basemapStyleUrl: string | null;
	/** Why the map cannot be opened (unknown id, no access), with the server's words. */
	problem: { kind: 'not-found' | 'denied'; message: string } | null;
	/** The managers' filter carried by the link (empty for a bare map address). */
	filter: AgentFilter;
	/** A read-only share-link token from the address, for partners without an account. */
	share: string | null;
	/** What this person may do here; null when offline (the last known rights are used). */
	access: MapAccessInfo | null;
	/**
	 * What the map draws of each agent, asked for beside the map so a large map is drawn before
	 * its document arrives; null when it cannot be had (offline, no access, an unreadable filter).
	 */
	firstView: Promise<FirstView | null>;
}

export const load: PageLoad = async ({ params, fetch, url }): Promise<MapPageData> => {
	const mapId = params.id;
	// Filter changes rewrite the URL shallowly (no load); this reads a link as it is opened.
	const filter = filterFromParams(url.searchParams);
	const share = url.searchParams.get('share');
	// `open`: this page connects next, so the server starts loading the map's room now.
	const query = `?${new URLSearchParams(share ? { open: '1', share } : { open: '1' })}`;
	const firstView = fetchFirstView(fetch, mapId, url.search);
	const base = { mapId, filter, share, name: null, basemapStyleUrl: null, problem: null, access: null, firstView };
	let mapResponse: Response;
	let config: { basemapStyleUrl?: string | null } = {};
	try {
		const [response, configResponse] = await Promise.all([
			fetch(`/api/maps/${encodeURIComponent(mapId)}${query}`),
			fetch('/api/config')
		]);
		mapResponse = response;
		if (configResponse.ok) config = await configResponse.json();
	} catch {
		// Offline: open from the local replica; the connection status says we are offline.
		return base;
	}
	if (mapResponse.status === 401) {
		redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
	}
	const body = await mapResponse.json().catch(() => ({}));
	if (mapResponse.status === 404 || mapResponse.status === 403) {
		const kind = mapResponse.status === 404 ? 'not-found' : 'denied';
		return { ...base, problem: { kind, message: typeof body.error === 'string' ? body.error : '' } };
	}
	if (!mapResponse.ok) return base;
	return {
		...base,
		name: body.name ?? null,
		basemapStyleUrl: config.basemapStyleUrl ?? null,
		access: {
			role: body.role,
			canWrite: body.canWrite === true,
			via: body.via,
			archived: body.archivedAt !== null,
			hidden: Array.isArray(body.hiddenFields) ? body.hiddenFields : []
		}
	};
};
