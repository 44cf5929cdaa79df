/**
 * Keeps the page's URL in step with the filter, so that copying the address shares the view.
 * Shallow and replacing: no navigation, no `load`, no history entry per keystroke; written a
 * moment after the last change so typing in the search box stays smooth.
 */
import { goto } from '$app/navigation';
import { page } from '$app/state';
import type { AgentFilter } from './filter.ts';
import { filterToParams } from './url.ts';

const WRITE_AFTER_MS = 250;

/** Call during a component's initialisation; stops with the component. */
export function syncFilterToUrl(filter: () => AgentFilter): void {
	$effect(() => {
		const value = filter();
		const timer = setTimeout(() => {
			// After a shallow navigation `page.url` is still the loaded page's; the address bar
			// shows `page.shallow.url`.
			const url = new URL((page.shallow?.url ?? page.url).href);
			const params = filterToParams(value, url.searchParams);
			if (params.toString() === url.searchParams.toString()) return;
			url.search = params.toString();
			void goto(url, { shallow: true, replace: true, reset: false, state: page.state });
		}, WRITE_AFTER_MS);
		return () => clearTimeout(timer);
	});
}
