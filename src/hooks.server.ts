import type { Handle } from '@sveltejs/kit/hooks';
import { basemapStyleUrl } from '../server/config.ts';
import { allowBasemap } from '../server/http/security-headers.ts';

const CSP = 'content-security-policy';

/**
 * SvelteKit writes the pages' policy from build-time config; the basemap URL is known only at
 * run time. The pages run inside the Node server (server/http/sveltekit-pages.ts), so they
 * read the same environment as server/config.ts.
 */
export const handle: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const policy = response.headers.get(CSP);
	if (policy) response.headers.set(CSP, allowBasemap(policy, basemapStyleUrl(process.env)));
	return response;
};
