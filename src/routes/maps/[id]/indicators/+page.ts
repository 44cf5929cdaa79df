import { redirect } from '@sveltejs/kit';
import type { PageLoad } from './$types';

export interface IndicatorsPageData {
	mapId: string;
	share: string | null;
	name: string | null;
	role: 'owner' | 'editor' | 'viewer' | null;
	canWrite: boolean;
	via: 'member' | 'open' | 'share' | null;
	problem: string | null;
}

export const load: PageLoad = async ({ params, fetch, url }): Promise<IndicatorsPageData> => {
	const mapId = params.id;
	const share = url.searchParams.get('share');
	const base = { mapId, share, name: null, role: null, canWrite: false, via: null, problem: null };
	let response: Response;
	try {
		response = await fetch(`/api/maps/${encodeURIComponent(mapId)}${share ? `?share=${encodeURIComponent(share)}` : ''}`);
	} catch {
		// Offline: the indicators are computed from the local replica all the same.
		return base;
	}
	if (response.status === 401) redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
	const body = await response.json().catch(() => ({}));
	if (!response.ok) return { ...base, problem: typeof body.error === 'string' ? body.error : `HTTP ${response.status}` };
	return { ...base, name: body.name ?? null, role: body.role ?? null, canWrite: body.canWrite === true, via: body.via ?? null };
};
