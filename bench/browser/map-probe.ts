/**
 * What the map draws, asked of MapLibre itself in the page: the app hands its map over only
 * when this probe is installed before its scripts run (src/lib/map/test-probe.ts), so the
 * production page keeps no counters or attributes for tests.
 *
 * `installMapProbe` must stay plain JavaScript once types are stripped: Playwright sends its
 * source text to `addInitScript`.
 */
import { expect, type BrowserContext, type Page } from '@playwright/test';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { AGENT_LAYERS, CLUSTER_LAYERS, SOURCES } from '../../src/lib/map/agent-layers.ts';

declare global {
	interface Window {
		__tejidoMapProbe?: (map: MapLibreMap) => void;
		__tejidoMap?: MapLibreMap;
	}
}

export function installMapProbe(): void {
	window.__tejidoMapProbe = (map) => {
		window.__tejidoMap = map;
	};
}

/** Installs the probe for every page the context opens from now on. */
export async function probeMaps(target: BrowserContext | Page): Promise<void> {
	await target.addInitScript(installMapProbe);
}

/**
 * Agents drawn on screen now: each cluster's size plus each single agent, counted once (a
 * feature cut by tile edges comes back once per tile). 0 before the map exists.
 */
export function drawnAgents(page: Page): Promise<number> {
	return page.evaluate((layers) => {
		const map = window.__tejidoMap;
		if (!map) return 0;
		const seen = new Set<string>();
		let total = 0;
		for (const feature of map.queryRenderedFeatures({ layers: layers.filter((id) => map.getLayer(id)) })) {
			const cluster = feature.properties.cluster_id;
			const key = cluster !== undefined ? `c${cluster}` : `a${feature.properties.id}`;
			if (seen.has(key)) continue;
			seen.add(key);
			total += cluster !== undefined ? Number(feature.properties.point_count) : 1;
		}
		return total;
	}, [...CLUSTER_LAYERS, AGENT_LAYERS.circle]);
}

/** Features a GeoJSON source holds now (what the page last gave it, with its diffs applied). */
function featuresIn(page: Page, sourceId: string): Promise<number> {
	return page.evaluate(async (id) => {
		const source = window.__tejidoMap?.getSource(id) as { getData?: () => Promise<{ features?: unknown[] }> } | undefined;
		if (!source?.getData) return 0;
		return (await source.getData()).features?.length ?? 0;
	}, sourceId);
}

/** Links the links' source holds (a crowded screen, or far out with level of detail, none). */
export const linksGiven = (page: Page) => featuresIn(page, SOURCES.links);
/** Agents the names' source holds. */
export const namesGiven = (page: Page) => featuresIn(page, SOURCES.names);

/** The map's zoom now. */
export function mapZoom(page: Page): Promise<number> {
	return page.evaluate(() => window.__tejidoMap?.getZoom() ?? NaN);
}

/**
 * Keyboard zoom, one level per step, each step waited for: MapLibre zooms from the rounded
 * current zoom, so a key pressed during the previous step's easing would cut it short.
 */
export async function zoomByKeys(page: Page, key: '+' | '-', steps: number): Promise<void> {
	await page.locator('.maplibregl-canvas').focus();
	for (let i = 0; i < steps; i++) {
		const target = Math.round(await mapZoom(page)) + (key === '+' ? 1 : -1);
		await page.keyboard.press(key);
		await expect.poll(() => mapZoom(page), { timeout: 30_000 }).toBeCloseTo(target, 3);
	}
}
