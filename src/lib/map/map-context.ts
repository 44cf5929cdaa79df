import { getContext, setContext } from 'svelte';
import type { Map as MapLibreMap } from 'maplibre-gl';

const KEY = Symbol('maplibre');

/** Children of <MapView> reach the MapLibre map through this context, once it has loaded. */
export function setMapContext(get: () => MapLibreMap): void {
	setContext(KEY, get);
}

export function getMap(): MapLibreMap {
	const get = getContext<(() => MapLibreMap) | undefined>(KEY);
	if (!get) throw new Error('getMap() must be called inside <MapView>');
	return get();
}
