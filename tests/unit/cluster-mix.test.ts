/**
 * The clusters' rings (src/lib/map/cluster-mix.ts): what MapLibre's worker counts per cluster,
 * the image key it computes from those counts, how the page reads a key back and cuts the ring,
 * and the image drawn. The key expression is evaluated with MapLibre's own expression engine
 * (its public style-spec package), so a key the worker would make is a key the page can read.
 */
import { describe, expect, it } from 'vitest';
import { createExpression } from '@maplibre/maplibre-gl-style-spec';
import { AREA_SLOTS, NO_AREA_COLOR, SECTOR_COLORS, agentFeature, areaRank, areaSlot } from '../../src/lib/map/agent-features.ts';
import {
	CLUSTER_SIZES,
	FIELDS_PER_PROPERTY,
	FIELD_BITS,
	bucketField,
	drawMix,
	mixClusterProperties,
	mixImageExpression,
	paletteId,
	paletteOf,
	parseMixKey,
	rgb,
	segments
} from '../../src/lib/map/cluster-mix.ts';
import type { Agent, Area } from '../../src/lib/model/index.ts';

const areas: Area[] = [
	{ id: 'salud', name: 'Salud', color: '#e63946', order: 0 },
	{ id: 'agua', name: 'Agua', color: '#1d3557', order: 1 },
	{ id: 'energia', name: 'Energía', color: '#fb3', order: 2 }
] as Area[];

function evaluate(expression: unknown, properties: Record<string, unknown>): unknown {
	const parsed = createExpression(expression, 'layers[0].layout.icon-image');
	if (parsed.result !== 'success') throw new Error(JSON.stringify(parsed.value));
	return parsed.value.evaluate({ zoom: 8 }, { type: 'Point', properties, geometry: [] } as never);
}

describe('cluster mix', () => {
	it('gives each agent the slot of its colouring area, -1 for none or past the counted areas', () => {
		const rank = areaRank(areas);
		const agent = { id: 'a', name: 'A', sector: 'public', position: [-74, 4.6], areaIds: ['agua', 'energia'] } as unknown as Agent;
		expect(agentFeature(agent, rank).properties.slot).toBe(1);
		expect(agentFeature({ ...agent, areaIds: [] }, rank).properties.slot).toBe(-1);
		expect(areaSlot(AREA_SLOTS - 1)).toBe(AREA_SLOTS - 1);
		expect(areaSlot(AREA_SLOTS)).toBe(-1);
		expect(areaSlot(undefined)).toBe(-1);
	});

	it("counts, per agent, 1 in its area slot's and its sector's field, in a few packed properties", () => {
		const properties = mixClusterProperties();
		// 9 area buckets (8 areas and none) and 8 sectors, three to a property: 3 + 3 for the worker.
		expect(Object.keys(properties).sort()).toEqual(['a0', 'a1', 'a2', 's0', 's1', 's2']);
		const agent = { slot: 4, sector: 'academia' };
		const mapped = Object.fromEntries(Object.entries(properties).map(([name, [reduce, map]]) => {
			expect(reduce).toBe('+');
			return [name, evaluate(map, agent)];
		}));
		// Slot 4 is the second field of a1; academia (the third sector) the third field of s0.
		expect(bucketField('area', 4)).toEqual({ property: 'a1', field: 1 });
		expect(bucketField('sector', 2)).toEqual({ property: 's0', field: 2 });
		expect(mapped).toEqual({ a0: 0, a1: 2 ** FIELD_BITS, a2: 0, s0: 2 ** (2 * FIELD_BITS), s1: 0, s2: 0 });
		// No area counts in the last area bucket, after the slots.
		expect(evaluate(properties.a2[1], { slot: -1, sector: 'public' })).toBe(2 ** ((AREA_SLOTS % FIELDS_PER_PROPERTY) * FIELD_BITS));
		expect(FIELDS_PER_PROPERTY * FIELD_BITS).toBeLessThanOrEqual(53);
	});

	it('names a cluster image by palette, colouring, size class and shares in twelfths, as the page reads it back', () => {
		const palette = paletteOf('area', areas);
		// 30 agents: 15 of Salud (slot 0), 10 of Agua (slot 1), 5 with no area, summed as the worker does.
		const sum: Record<string, number> = { a0: 0, a1: 0, a2: 0 };
		const properties = mixClusterProperties();
		const add = (slot: number, times: number) => {
			for (let i = 0; i < times; i++) for (const name of Object.keys(sum)) sum[name] += evaluate(properties[name][1], { slot, sector: 'public' }) as number;
		};
		add(0, 15);
		add(1, 10);
		add(-1, 5);
		const cluster = { point_count: 30, ...sum };
		const key = evaluate(mixImageExpression('area', palette), cluster) as string;
		expect(key).toBe(`mix:${paletteId(palette)}:area:1:6,4,0,0,0,0,0,0,2`);
		expect(parseMixKey(key)).toEqual({ palette: paletteId(palette), colorBy: 'area', size: 1, shares: [6, 4, 0, 0, 0, 0, 0, 0, 2] });
		// The largest size class from 200 agents on; 100,000 agents of one colour still count exactly.
		const big = { point_count: 100_000, a0: 100_000, a1: 0, a2: 0 };
		expect(evaluate(mixImageExpression('area', palette), big)).toMatch(/:area:3:12,0,0,/);
		expect(parseMixKey('marker-15')).toBeNull();
		expect(parseMixKey('mix:x:area:9:1,2')).toBeNull();
	});

	it('changes the palette id when an area is recoloured, so the map asks for new images', () => {
		const before = paletteId(paletteOf('area', areas));
		const after = paletteId(paletteOf('area', [{ ...areas[0], color: '#000000' }, ...areas.slice(1)]));
		expect(after).not.toBe(before);
		expect(paletteOf('sector', areas)).toEqual(Object.values(SECTOR_COLORS));
		expect(paletteOf('area', areas).at(-1)).toBe(NO_AREA_COLOR);
	});

	it('cuts the ring clockwise from the top, in bucket order, covering the whole turn', () => {
		const ring = segments([6, 4, 0, 2]);
		expect(ring.map((segment) => segment.bucket)).toEqual([0, 1, 3]);
		expect(ring.map((segment) => [segment.from, segment.to].map((at) => Math.round(at * 12)))).toEqual([
			[0, 6],
			[6, 10],
			[10, 12]
		]);
		expect(ring.at(-1)!.to).toBe(1);
		// Rounded shares need not add up to twelve: the ring is still whole.
		expect(segments([5, 5, 1]).at(-1)!.to).toBe(1);
		expect(segments([0, 0])).toEqual([]);
	});

	it('draws the ring in the buckets’ colours, transparent inside (the circle below shows there) and out', () => {
		const palette = paletteOf('area', areas);
		const image = drawMix({ palette: paletteId(palette), colorBy: 'area', size: 3, shares: [6, 0, 6] }, palette, 2);
		const side = image.width;
		expect(image.height).toBe(side);
		expect(side).toBeGreaterThanOrEqual(CLUSTER_SIZES[3][1] * 2 * 2);
		const pixel = (x: number, y: number) => [...image.data.slice((y * side + x) * 4, (y * side + x) * 4 + 4)];
		const c = side / 2;
		// Half-way through the ring (between 0.6 and 1 of the radius), right of the top: the first
		// bucket (Salud); left of the bottom: the third (Energía, #fb3).
		const r = CLUSTER_SIZES[3][1] * 2 * 0.8;
		expect(pixel(Math.floor(c + r * Math.sin(0.5)), Math.floor(c - r * Math.cos(0.5)))).toEqual([...rgb('#e63946'), 255]);
		expect(pixel(Math.floor(c - r * Math.sin(0.5)), Math.floor(c + r * Math.cos(0.5)))).toEqual([...rgb('#ffbb33'), 255]);
		expect(pixel(Math.floor(c), Math.floor(c))[3]).toBe(0);
		expect(pixel(0, 0)[3]).toBe(0);
	});
});
