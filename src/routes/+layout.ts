import type { LayoutLoad } from './$types';
import { fetchMe } from '#lib/api/client.ts';

// Pages render in the browser: the map needs WebGL and IndexedDB, and every page reads the
// session from the API.
export const ssr = false;

export const load: LayoutLoad = async ({ fetch }) => ({ me: await fetchMe(fetch) });
