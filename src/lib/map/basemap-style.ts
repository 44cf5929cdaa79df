/**
 * The offline basemap: a MapLibre style over the GeoJSON files that scripts/build-basemap.ts
 * writes into static/basemap/. It needs no tile server, no sprite and no glyph files, so the
 * map works with no internet. Colours are light and unsaturated because agents are drawn on
 * top as circles in the five area colours and have to stand out.
 */
import type {
	DataDrivenPropertyValueSpecification,
	ExpressionSpecification,
	LayerSpecification,
	MapOptions,
	StyleSpecification
} from 'maplibre-gl';

const WATER = '#d3e3ec';
const RIVER = '#aac9da';
const LAND = '#eeebe3';
const DEPARTMENT = '#f6f4ee';
const REGION = '#fdfcf9';
const DEPARTMENT_BORDER = '#c3bbad';
const COUNTRY_BORDER = '#978e80';
const INK = '#3b352f';
const HALO = 'rgba(255, 255, 255, 0.9)';

/** Bogotá–Cundinamarca, the region Tejido maps, is drawn a shade lighter than its neighbours. */
const REGION_ISO = ['CO-CUN', 'CO-DC'];

/*
 * With no `glyphs` URL, maplibre-gl 6.17 draws every label in the browser with TinySDF
 * (GlyphManager._getAndCacheGlyphsPromise: `if (!this.url || …) _drawGlyph`). The CSS font is
 * then the layer's `text-font` list itself, with `sans-serif` appended, and the weight and style
 * are sniffed from the FIRST name only ("… Bold" → 700, "… Italic" → italic). So each stack
 * starts with a name that carries the weight, then real families common on Windows, macOS,
 * Android and Linux (Arial resolves to Liberation Sans on Debian).
 */
const SYSTEM_SANS = ['Noto Sans', 'Segoe UI', 'Helvetica Neue', 'Roboto', 'Arial', 'DejaVu Sans'];
const FONT = {
	regular: ['Noto Sans Regular', ...SYSTEM_SANS],
	bold: ['Noto Sans Bold', ...SYSTEM_SANS],
	italic: ['Noto Sans Italic', ...SYSTEM_SANS]
};

/**
 * What the Map constructor needs for local labels. Latin labels take their font from `text-font`
 * above, so nothing else is required; `localIdeographFontFamily` (default bare `sans-serif`)
 * only governs CJK glyphs in layers that keep MapLibre's default `text-font`, as an online
 * style may. Pointing it at the same system fonts keeps any such text consistent.
 */
export const LOCAL_FONT_OPTIONS: Pick<MapOptions, 'localIdeographFontFamily'> = {
	localIdeographFontFamily: SYSTEM_SANS.join(', ')
};

/**
 * Place labels have no dot (a dot would read as an agent), so a label may slide just above or
 * below its approximate centre rather than vanish in a crowded valley.
 */
const NUDGE = { 'text-variable-anchor': ['center', 'top', 'bottom'], 'text-radial-offset': 0.4 };

function byZoom(...stops: number[]): ExpressionSpecification {
	return ['interpolate', ['linear'], ['zoom'], ...stops] as ExpressionSpecification;
}

function label(
	id: string,
	source: 'places' | 'departments',
	filter: ExpressionSpecification,
	font: string[],
	size: DataDrivenPropertyValueSpecification<number>,
	color: string,
	extra: { minzoom?: number; maxzoom?: number; layout?: Record<string, unknown> } = {}
): LayerSpecification {
	return {
		id,
		type: 'symbol',
		source,
		filter,
		...(extra.minzoom === undefined ? {} : { minzoom: extra.minzoom }),
		...(extra.maxzoom === undefined ? {} : { maxzoom: extra.maxzoom }),
		layout: {
			'text-field': ['get', 'name'],
			'text-font': font,
			'text-size': size,
			'text-max-width': 8,
			'text-padding': 3,
			...extra.layout
		},
		paint: { 'text-color': color, 'text-halo-color': HALO, 'text-halo-width': 1.4 }
	} as LayerSpecification;
}

export function offlineBasemapStyle(base = '/basemap'): StyleSpecification {
	const geojson = (file: string) => ({ type: 'geojson' as const, data: `${base}/${file}` });
	const isPolygon: ExpressionSpecification = ['!=', ['geometry-type'], 'Point'];
	const kindIs = (kind: string): ExpressionSpecification => ['==', ['get', 'kind'], kind];

	return {
		version: 8,
		name: 'Tejido offline',
		sources: {
			land: geojson('land.json'),
			lakes: geojson('lakes.json'),
			rivers: geojson('rivers.json'),
			boundaries: geojson('boundaries.json'),
			departments: geojson('departments.json'),
			places: geojson('places.json')
		},
		layers: [
			{ id: 'water', type: 'background', paint: { 'background-color': WATER } },
			{ id: 'land', type: 'fill', source: 'land', paint: { 'fill-color': LAND } },
			{
				id: 'department-fill',
				type: 'fill',
				source: 'departments',
				filter: isPolygon,
				paint: {
					'fill-color': ['match', ['get', 'iso'], REGION_ISO, REGION, DEPARTMENT],
					'fill-antialias': false
				}
			},
			{ id: 'lakes', type: 'fill', source: 'lakes', paint: { 'fill-color': WATER } },
			{
				id: 'rivers',
				type: 'line',
				source: 'rivers',
				layout: { 'line-join': 'round', 'line-cap': 'round' },
				paint: {
					'line-color': RIVER,
					'line-width': byZoom(4, 0.4, 10, 2),
					'line-opacity': byZoom(3, 0, 5, 1)
				}
			},
			{
				id: 'department-border',
				type: 'line',
				source: 'departments',
				filter: isPolygon,
				layout: { 'line-join': 'round' },
				paint: { 'line-color': DEPARTMENT_BORDER, 'line-width': byZoom(5, 0.6, 10, 1.6) }
			},
			{
				id: 'country-border',
				type: 'line',
				source: 'boundaries',
				layout: { 'line-join': 'round' },
				paint: { 'line-color': COUNTRY_BORDER, 'line-width': byZoom(3, 0.8, 10, 2.4) }
			},
			// Later symbol layers win label collisions, so the most important labels come last.
			label(
				'places-locality',
				'places',
				kindIs('locality'),
				FONT.italic,
				byZoom(10, 11, 14, 14),
				'#6b6256',
				{ minzoom: 10, layout: NUDGE }
			),
			label(
				'places-municipality',
				'places',
				kindIs('municipality'),
				FONT.regular,
				byZoom(8, 11, 12, 15),
				'#4d463e',
				{ minzoom: 8, layout: NUDGE }
			),
			label(
				'department-labels',
				'departments',
				// Bogotá D.C. is named by the capital's own label.
				['all', ['==', ['geometry-type'], 'Point'], ['!=', ['get', 'iso'], 'CO-DC']],
				FONT.regular,
				byZoom(5, 10, 9, 13),
				'#9a9081',
				{
					minzoom: 4.5,
					maxzoom: 10,
					layout: { 'text-transform': 'uppercase', 'text-letter-spacing': 0.12 }
				}
			),
			// Inside the city the localities name its parts, and "Bogotá" would hide La Candelaria.
			label('places-capital', 'places', kindIs('capital'), FONT.bold, byZoom(5, 13, 10, 18), INK, {
				maxzoom: 11
			})
		]
	};
}

/**
 * The style the map starts with: the online style an operator configured (BASEMAP_STYLE_URL on
 * the server, handed to the page through /api/config; optional, for deployments with
 * internet), the offline one otherwise.
 */
export function basemapStyle(onlineStyleUrl?: string | null): string | StyleSpecification {
	return onlineStyleUrl && onlineStyleUrl.trim() !== '' ? onlineStyleUrl.trim() : offlineBasemapStyle();
}
