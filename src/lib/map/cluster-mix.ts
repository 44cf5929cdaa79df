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
/** The inner disc holding the count, white on it (contrast 9.9:1). */
export const CLUSTER_CENTER = '#2f4858';
const OUTLINE = '#ffffff';
const OUTLINE_PX = 2;
/** Where the ring starts, as a share of the radius. */
const INNER = 0.6;
const KEY_PREFIX = 'mix';

/** The property each bucket's count is summed into, by colouring. */
export function bucketProperties(colorBy: ColorBy): string[] {
	if (colorBy === 'sector') return SECTORS.map((_, i) => `s${i}`);
	return [...Array.from({ length: AREA_SLOTS }, (_, i) => `a${i}`), 'a_'];
}

/** The clustered source's `clusterProperties`: per cluster, how many agents of each area slot and sector. */
export function mixClusterProperties(): Record<string, [string, ExpressionSpecification]> {
	// [reduce operator, map expression]: each agent counts 1 in its buckets, clusters sum them.
	const count = (test: ExpressionSpecification): [string, ExpressionSpecification] => ['+', ['case', test, 1, 0]];
	const out: Record<string, [string, ExpressionSpecification]> = {};
	for (let i = 0; i < AREA_SLOTS; i++) out[`a${i}`] = count(['==', ['get', 'slot'], i]);
	out.a_ = count(['==', ['get', 'slot'], -1]);
	SECTORS.forEach((sector, i) => (out[`s${i}`] = count(['==', ['get', 'sector'], sector])));
	return out;
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
	const shares = bucketProperties(colorBy).flatMap((property, i) => {
		const share: ExpressionSpecification = ['to-string', ['round', ['/', ['*', RING_PARTS, ['get', property]], ['get', 'point_count']]]];
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
 * The cluster's image, `pixelRatio` device pixels per CSS pixel: a white outline, the ring in
 * segments, the dark centre where the count is written. Drawn pixel by pixel (no canvas: the
 * same in a test; 1–2 ms for the largest at pixel ratio 2), edges smoothed over one pixel.
 */
export function drawMix(key: MixKey, palette: readonly string[], pixelRatio: number): MixImage {
	const radius = (CLUSTER_SIZES[key.size][1] + OUTLINE_PX) * pixelRatio;
	const side = Math.ceil(radius * 2) + 2;
	const centre = side / 2;
	const ring = segments(key.shares);
	const colours = ring.length ? ring.map((segment) => rgb(palette[segment.bucket] ?? NO_AREA_COLOR)) : [rgb(NO_AREA_COLOR)];
	const ends = ring.length ? ring.map((segment) => segment.to) : [1];
	const outline = rgb(OUTLINE);
	const inner = rgb(CLUSTER_CENTER);
	const ringOuter = radius - OUTLINE_PX * pixelRatio;
	const ringInner = ringOuter * INNER;
	const data = new Uint8ClampedArray(side * side * 4);
	for (let y = 0; y < side; y++) {
		for (let x = 0; x < side; x++) {
			const dx = x + 0.5 - centre;
			const dy = y + 0.5 - centre;
			const d = Math.sqrt(dx * dx + dy * dy);
			const alpha = clamp(radius - d + 0.5);
			if (alpha === 0) continue;
			// Over the ring's edges the two sides are blended by how much of the pixel each covers.
			let a = outline;
			let b = outline;
			let share = 1;
			if (d < ringOuter + 0.5) {
				const turn = Math.atan2(dx, -dy) / (2 * Math.PI) + (dx < 0 ? 1 : 0);
				let index = 0;
				while (index < ends.length - 1 && turn >= ends[index]) index++;
				if (d < ringInner + 0.5) {
					a = inner;
					b = colours[index];
					share = clamp(ringInner + 0.5 - d);
				} else {
					a = colours[index];
					share = clamp(ringOuter + 0.5 - d);
				}
			}
			const at = (y * side + x) * 4;
			data[at] = a[0] * share + b[0] * (1 - share);
			data[at + 1] = a[1] * share + b[1] * (1 - share);
			data[at + 2] = a[2] * share + b[2] * (1 - share);
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
