/**
 * Draws the clusters' ring images (cluster-mix.ts) when MapLibre first asks for one, and lets
 * go of those of a former palette (an area recoloured or reordered) once the map has redrawn.
 * MapLibre 6 asks through the map's one missing-image resolver (its `styleimagemissing` event
 * comes only after the resolver has failed): this class holds it while it lives.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Area } from '#lib/model/index.ts';
import type { ColorBy } from './agent-features.ts';
import { drawMix, mixImageExpression, paletteId, paletteOf, parseMixKey } from './cluster-mix.ts';

export class ClusterImages {
	readonly #map: MapLibreMap;
	/** Palettes by id: the ones the layer's expression may still ask images of. */
	readonly #palettes = new Map<string, string[]>();
	/** Images added, by palette id. */
	readonly #added = new Map<string, Set<string>>();
	#current = '';

	constructor(map: MapLibreMap) {
		this.#map = map;
		map.setMissingStyleImageResolver(this.#resolve);
	}

	/** The cluster layer's `icon-image` for this colouring; images of other palettes go at the next idle. */
	expression(colorBy: ColorBy, areas: readonly Area[]) {
		const palette = paletteOf(colorBy, areas);
		const id = paletteId(palette);
		this.#palettes.set(id, palette);
		if (id !== this.#current) {
			this.#current = id;
			this.#map.once('idle', this.#prune);
		}
		return mixImageExpression(colorBy, palette);
	}

	destroy(): void {
		this.#map.setMissingStyleImageResolver(null);
		this.#map.off('idle', this.#prune);
		for (const ids of this.#added.values()) for (const id of ids) if (this.#map.hasImage(id)) this.#map.removeImage(id);
		this.#added.clear();
	}

	readonly #resolve = (id: string) => {
		const key = parseMixKey(id);
		const palette = key && this.#palettes.get(key.palette);
		if (!key || !palette || this.#map.hasImage(id)) return;
		const pixelRatio = Math.max(1, Math.round(this.#map.getPixelRatio()));
		this.#map.addImage(id, drawMix(key, palette, pixelRatio), { pixelRatio });
		let ids = this.#added.get(key.palette);
		if (!ids) this.#added.set(key.palette, (ids = new Set()));
		ids.add(id);
	};

	readonly #prune = () => {
		for (const [palette, ids] of this.#added) {
			if (palette === this.#current) continue;
			for (const id of ids) if (this.#map.hasImage(id)) this.#map.removeImage(id);
			this.#added.delete(palette);
			this.#palettes.delete(palette);
		}
	};
}
