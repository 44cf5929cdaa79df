/**
 * A cluster's mix of colours: the ring of each numbered circle is cut into segments in the
 * colours of its agents (their areas, or sectors, as the map is coloured), as a donut chart.
 *
 * MapLibre's worker counts each colour per cluster (`clusterProperties`, summed as it clusters),
 * and a symbol layer asks for the image of each cluster by a key made of those counts rounded to
 * twelfths of the ring and of the circle's size class; the page draws an image only the first
 * time a key is asked for (the map's missing-image resolver). Images are few (the mixes on screen, rounded)
 * and the page never reads the clustered agents.
 */
import type { ExpressionSpecification } from 'maplibre-gl';
import { SECTORS, type Area } from '#lib/model/index.ts';
import { AREA_SLOTS, NO_AREA_COLOR, SECTOR_COLORS, type ColorBy } from './agent-features.ts';

/** A ring is cut in this many parts: each colour's share is rounded to them. */
export const RING_PARTS = 12;
/** The circle's radius (CSS px) by number of agents: [from count, radius], as before the rings. */
export const CLUSTER_SIZES: readonly (readonly [number, number])[] = [
	[0, 13],
	[10, 17],
	[50, 22],
	[200, 28]
];
/** The cluster circle's colour, the centre of the ring where the count is written in white (contrast 9.9:1). */
export const CLUSTER_CENTER = '#2f4858';
/** Where the ring starts, as a share of the radius. */
const INNER = 0.6;
const KEY_PREFIX = 'mix';

/**
 * Counts are packed, FIELDS_PER_PROPERTY fields of FIELD_BITS bits to a cluster property: the
 * worker evaluates every cluster property for every agent as it clusters, each one tens of ms
 * a clustering at 50,000 agents (one property per colour, 21, made a clustering ten times
 * slower; measures in the commit). Sums stay exact while a cluster holds fewer than 2^17
 * (131,072) agents of one colour, beyond any map Tejido is measured with.
 */
export const FIELD_BITS = 17;
export const FIELDS_PER_PROPERTY = 3;
const FIELD = 2 ** FIELD_BITS;

/** A colouring's buckets: the area slots then "none" (slot -1), or the sectors, in palette order. */
function buckets(colorBy: ColorBy): (number | string)[] {
	return colorBy === 'sector' ? [...SECTORS] : [...Array.from({ length: AREA_SLOTS }, (_, i) => i), -1];
}

/** Where bucket `index` of a colouring is counted: the cluster property and the field in it. */
export function bucketField(colorBy: ColorBy, index: number): { property: string; field: number } {
	return { property: `${colorBy === 'sector' ? 's' : 'a'}${Math.floor(index / FIELDS_PER_PROPERTY)}`, field: index % FIELDS_PER_PROPERTY };
}

/** The clustered source's `clusterProperties`: per cluster, how many agents of each area slot and sector, packed. */
export function mixClusterProperties(): Record<string, [string, ExpressionSpecification]> {
	// [reduce operator, map expression]: an agent adds 1 to its buckets' fields, clusters sum them.
	const out: Record<string, [string, ExpressionSpecification]> = {};
	for (const [colorBy, input] of [['area', 'slot'], ['sector', 'sector']] as const) {
		const cases = new Map<string, (number | string)[]>();
		buckets(colorBy).forEach((value, index) => {
			const { property, field } = bucketField(colorBy, index);
			cases.set(property, [...(cases.get(property) ?? []), value, FIELD ** field]);
		});
		for (const [property, labels] of cases) out[property] = ['+', ['match', ['get', input], ...labels, 0] as unknown as ExpressionSpecification];
	}
	return out;
}

/** The count of bucket `index` in a cluster, read from its packed property. */
function bucketCount(colorBy: ColorBy, index: number): ExpressionSpecification {
	const { property, field } = bucketField(colorBy, index);
	return ['%', ['floor', ['/', ['get', property], FIELD ** field]], FIELD];
}

/** The bucket colours of a colouring: area slots then "none", or the sectors. */
export function paletteOf(colorBy: ColorBy, areas: readonly Area[]): string[] {
	if (colorBy === 'sector') return SECTORS.map((sector) => SECTOR_COLORS[sector]);
	return [...Array.from({ length: AREA_SLOTS }, (_, i) => areas[i]?.color ?? NO_AREA_COLOR), NO_AREA_COLOR];
}

/** A short stable hash of a palette: images are keyed by it, so a recoloured area gets new images. */
export function paletteId(palette: readonly string[]): string {
	let hash = 5381;
	for (const char of palette.join('|')) hash = ((hash * 33) ^ char.charCodeAt(0)) >>> 0;
	return hash.toString(36);
}

/**
 * The cluster layer's `icon-image`: `mix:<palette>:<colouring>:<size>:<share,…>`, each share in
 * RING_PARTS of the ring, computed by MapLibre per cluster.
 */
export function mixImageExpression(colorBy: ColorBy, palette: readonly string[]): ExpressionSpecification {
	const shares = buckets(colorBy).flatMap((_, i) => {
		const share: ExpressionSpecification = ['to-string', ['round', ['/', ['*', RING_PARTS, bucketCount(colorBy, i)], ['get', 'point_count']]]];
		return i === 0 ? [share] : [',', share];
	});
	const size: ExpressionSpecification = ['step', ['get', 'point_count'], 0, ...CLUSTER_SIZES.slice(1).flatMap(([from], i) => [from, i + 1])];
	return ['concat', `${KEY_PREFIX}:${paletteId(palette)}:${colorBy}:`, ['to-string', size], ':', ...shares] as unknown as ExpressionSpecification;
}

export interface MixKey {
	palette: string;
	colorBy: ColorBy;
	size: number;
	shares: number[];
}

/** Reads an image key made by mixImageExpression; null for any other image. */
export function parseMixKey(id: string): MixKey | null {
	const parts = id.split(':');
	if (parts.length !== 5 || parts[0] !== KEY_PREFIX || (parts[2] !== 'area' && parts[2] !== 'sector')) return null;
	const size = Number(parts[3]);
	const shares = parts[4].split(',').map(Number);
	if (!Number.isInteger(size) || size < 0 || size >= CLUSTER_SIZES.length || shares.some((n) => !Number.isFinite(n) || n < 0)) return null;
	return { palette: parts[1], colorBy: parts[2], size, shares };
}

export interface Segment {
	bucket: number;
	/** Start and end as shares of the whole turn, clockwise from the top. */
	from: number;
	to: number;
}

/** The ring's segments: one per bucket with a share, in bucket order, covering the whole turn. */
export function segments(shares: readonly number[]): Segment[] {
	const total = shares.reduce((sum, n) => sum + n, 0);
	if (total <= 0) return [];
	const out: Segment[] = [];
	let at = 0;
	shares.forEach((share, bucket) => {
		if (share <= 0) return;
		const to = at + share / total;
		out.push({ bucket, from: at, to });
		at = to;
	});
	out[out.length - 1].to = 1;
	return out;
}

export interface MixImage {
	width: number;
	height: number;
	data: Uint8ClampedArray;
}

/**
 * The cluster's ring, `pixelRatio` device pixels per CSS pixel, in segments, transparent inside
 * and out: the cluster layer's circle below gives the dark centre, where the count is written,
 * and the white outline. Drawn pixel by pixel (no canvas: the same in a test; 1–2 ms for the
 * largest at pixel ratio 2), edges smoothed over one pixel.
 */
export function drawMix(key: MixKey, palette: readonly string[], pixelRatio: number): MixImage {
	const outer = CLUSTER_SIZES[key.size][1] * pixelRatio;
	const inner = outer * INNER;
	const side = Math.ceil(outer * 2) + 2;
	const centre = side / 2;
	const ring = segments(key.shares);
	const colours = ring.length ? ring.map((segment) => rgb(palette[segment.bucket] ?? NO_AREA_COLOR)) : [rgb(NO_AREA_COLOR)];
	const ends = ring.length ? ring.map((segment) => segment.to) : [1];
	const data = new Uint8ClampedArray(side * side * 4);
	for (let y = 0; y < side; y++) {
		for (let x = 0; x < side; x++) {
			const dx = x + 0.5 - centre;
			const dy = y + 0.5 - centre;
			const d = Math.sqrt(dx * dx + dy * dy);
			// How much of the pixel the ring covers, from its outer and its inner edge.
			const alpha = Math.min(clamp(outer - d + 0.5), clamp(d - inner + 0.5));
			if (alpha === 0) continue;
			const turn = Math.atan2(dx, -dy) / (2 * Math.PI) + (dx < 0 ? 1 : 0);
			let index = 0;
			while (index < ends.length - 1 && turn >= ends[index]) index++;
			const colour = colours[index];
			const at = (y * side + x) * 4;
			data[at] = colour[0];
			data[at + 1] = colour[1];
			data[at + 2] = colour[2];
			data[at + 3] = alpha * 255;
		}
	}
	return { width: side, height: side, data };
}

type RGB = [number, number, number];

function clamp(value: number): number {
	return Math.min(1, Math.max(0, value));
}

/** #rgb or #rrggbb, the two forms the model accepts. */
export function rgb(hex: string): RGB {
	const short = /^#([0-9a-f]{3})$/i.exec(hex)?.[1];
	const value = short ? [...short].map((c) => c + c).join('') : (/^#([0-9a-f]{6})$/i.exec(hex)?.[1] ?? '7a7a7a');
	return [0, 2, 4].map((i) => parseInt(value.slice(i, i + 2), 16)) as RGB;
}
