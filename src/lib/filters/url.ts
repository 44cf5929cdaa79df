/**
 * The filter in the URL's search parameters, so that a link reproduces the same view for a
 * colleague. Choices are repeated parameters (`?area=a&area=b`), the text is `q`, a region is
 * `circle=lon,lat,km` or `polygon=lon,lat,lon,lat,…`.
 *
 * Reading never throws: a hand-edited or truncated link loses only the parts that make no
 * sense (an unknown sector, a polygon with a broken number), and parameters that are not the
 * filter's (a share token, say) are left as they are when the filter is written.
 */
import type { LonLat } from '../model/index.ts';
import { FACETS, normalizeFilter, type AgentFilter, type Facet } from './filter.ts';
import type { Region } from './region.ts';

export const FACET_PARAMS: Record<Facet, string> = {
	areas: 'area',
	niches: 'niche',
	sectors: 'sector',
	networks: 'network',
	projects: 'project',
	municipalities: 'municipality'
};
const TEXT_PARAM = 'q';
const CIRCLE_PARAM = 'circle';
const POLYGON_PARAM = 'polygon';
const FILTER_PARAMS = [...Object.values(FACET_PARAMS), TEXT_PARAM, CIRCLE_PARAM, POLYGON_PARAM];
/** Longer values are not a filter anyone drew; refusing them keeps parsing cheap. */
const MAX_PARAM_LENGTH = 20_000;

/** `base`'s parameters with the filter's replaced by `filter`'s. */
export function filterToParams(filter: AgentFilter, base?: URLSearchParams): URLSearchParams {
	const params = new URLSearchParams(base);
	for (const name of FILTER_PARAMS) params.delete(name);
	for (const facet of FACETS) for (const value of filter[facet]) params.append(FACET_PARAMS[facet], value);
	if (filter.text.trim()) params.set(TEXT_PARAM, filter.text);
	if (filter.region?.kind === 'circle') {
		const { center, radiusKm } = filter.region;
		params.set(CIRCLE_PARAM, [center[0], center[1], radiusKm].join(','));
	} else if (filter.region?.kind === 'polygon') {
		params.set(POLYGON_PARAM, filter.region.ring.flatMap((p) => [p[0], p[1]]).join(','));
	}
	return params;
}

export function filterFromParams(params: URLSearchParams): AgentFilter {
	const all = (name: string) => params.getAll(name).filter((value) => value.length <= MAX_PARAM_LENGTH);
	const facets = Object.fromEntries(FACETS.map((facet) => [facet, all(FACET_PARAMS[facet])]));
	return normalizeFilter({ ...facets, text: params.get(TEXT_PARAM) ?? '', region: regionFromParams(params) });
}

function regionFromParams(params: URLSearchParams): Region | null {
	const circle = numbers(params.get(CIRCLE_PARAM));
	if (circle?.length === 3) return { kind: 'circle', center: [circle[0], circle[1]], radiusKm: circle[2] };
	const flat = numbers(params.get(POLYGON_PARAM));
	if (flat && flat.length >= 6 && flat.length % 2 === 0) {
		const ring: LonLat[] = [];
		for (let i = 0; i < flat.length; i += 2) ring.push([flat[i], flat[i + 1]]);
		return { kind: 'polygon', ring };
	}
	return null;
}

const NUMBER = /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/** Comma-separated decimal numbers, or null if any part is not one. */
function numbers(value: string | null): number[] | null {
	if (!value || value.length > MAX_PARAM_LENGTH) return null;
	const parts = value.split(',');
	if (!parts.every((part) => NUMBER.test(part.trim()))) return null;
	return parts.map(Number);
}

/** True when the URL carries any part of a filter (a shared link, as opposed to a bare map). */
export function hasFilterParams(params: URLSearchParams): boolean {
	return FILTER_PARAMS.some((name) => params.has(name));
}
