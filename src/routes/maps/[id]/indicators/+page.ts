import type { PageLoad } from './$types';
import { loadMapAccess, type MapPageAccess } from '#lib/ui/map-page-access.ts';

export type IndicatorsPageData = MapPageAccess;

export const load: PageLoad = ({ params, fetch, url }) => loadMapAccess(params.id, url, fetch);
