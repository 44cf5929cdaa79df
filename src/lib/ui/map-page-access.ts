/**
 * What the map's secondary pages (indicators, projects) need to know before they open the
 * map's document: the map's name and what this person may do there, from the server.
 */
import { redirect } from '@sveltejs/kit';

export interface MapPageAccess {
	mapId: string;
	share: string | null;
	name: string | null;
	role: 'owner' | 'editor' | 'viewer' | null;
	canWrite: boolean;
	via: 'member' | 'open' | 'share' | null;
	/** The server's reason when the map cannot be opened. */
	problem: string | null;
}

export async function loadMapAccess(mapId: string, url: URL, fetcher: typeof fetch): Promise<MapPageAccess> {
	const share = url.searchParams.get('share');
	const base = { mapId, share, name: null, role: null, canWrite: false, via: null, problem: null };
	let response: Response;
	try {
		response = await fetcher(`/api/maps/${encodeURIComponent(mapId)}${share ? `?share=${encodeURIComponent(share)}` : ''}`);
	} catch {
		// Offline: the page works from the local replica, read-only.
		return base;
	}
	if (response.status === 401) redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
	const body = await response.json().catch(() => ({}));
	if (!response.ok) return { ...base, problem: typeof body.error === 'string' ? body.error : `HTTP ${response.status}` };
	return { ...base, name: body.name ?? null, role: body.role ?? null, canWrite: body.canWrite === true, via: body.via ?? null };
}
