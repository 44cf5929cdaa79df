/**
 * End-to-end tests ask MapLibre itself what the map draws (bench/browser/map-probe.ts) rather
 * than read counters the page would keep for them. They opt in by defining this global before
 * the page loads; without it the page hands its map to no one.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';

export const MAP_PROBE_GLOBAL = '__tejidoMapProbe';

export function offerMapToTests(map: MapLibreMap): void {
	const probe = (globalThis as Record<string, unknown>)[MAP_PROBE_GLOBAL];
	if (typeof probe === 'function') probe(map);
}
