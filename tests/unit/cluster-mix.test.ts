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
	CLUSTER_CENTER,
	CLUSTER_SIZES,
	bucketProperties,
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

	it("counts, per agent, 1 in its area slot's and its sector's bucket and 0 elsewhere", () => {
		const properties = mixClusterProperties();
		expect(Object.keys(properties).sort()).toEqual([...bucketProperties('area'), ...bucketProperties('sector')].sort());
		const agent = { slot: 1, sector: 'academia' };
		const counted = Object.entries(properties).filter(([, [reduce, map]]) => {
			expect(reduce).toBe('+');
			return evaluate(map, agent) === 1;
		});
		expect(counted.map(([name]) => name).sort()).toEqual(['a1', 's2']);
		expect(evaluate(properties.a_[1], { slot: -1, sector: 'public' })).toBe(1);
	});

	it('names a cluster image by palette, colouring, size class and shares in twelfths, as the page reads it back', () => {
		const palette = paletteOf('area', areas);
		// 30 agents: 15 of Salud, 10 of Agua, 5 with no area.
		const cluster: Record<string, number> = { point_count: 30, a0: 15, a1: 10, a_: 5 };
		for (const name of bucketProperties('area')) cluster[name] ??= 0;
		const key = evaluate(mixImageExpression('area', palette), cluster) as string;
		expect(key).toBe(`mix:${paletteId(palette)}:area:1:6,4,0,0,0,0,0,0,0,0,0,0,2`);
		expect(parseMixKey(key)).toEqual({ palette: paletteId(palette), colorBy: 'area', size: 1, shares: [6, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2] });
		// The largest size class from 200 agents on.
		expect(evaluate(mixImageExpression('area', palette), { ...cluster, point_count: 240, a0: 240, a1: 0, a_: 0 })).toMatch(/:area:3:12,0,/);
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

	it('draws the ring in the buckets’ colours around the dark centre, transparent outside', () => {
		const palette = paletteOf('area', areas);
		const image = drawMix({ palette: paletteId(palette), colorBy: 'area', size: 3, shares: [6, 0, 6] }, palette, 2);
		const side = image.width;
		expect(image.height).toBe(side);
		expect(side).toBeGreaterThanOrEqual((CLUSTER_SIZES[3][1] + 2) * 2 * 2);
		const pixel = (x: number, y: number) => [...image.data.slice((y * side + x) * 4, (y * side + x) * 4 + 4)];
		const c = side / 2;
		const ringAt = c - CLUSTER_SIZES[3][1] * 2 * 0.8;
		// Top-right of the ring is the first bucket (Salud), bottom-left the third (Energía, #fb3).
		expect(pixel(Math.round(c + (c - ringAt) * 0.5), Math.round(ringAt + 4))).toEqual([...rgb('#e63946'), 255]);
		expect(pixel(Math.round(c - (c - ringAt) * 0.5), Math.round(side - ringAt - 4))).toEqual([...rgb('#ffbb33'), 255]);
		expect(pixel(Math.floor(c), Math.floor(c))).toEqual([...rgb(CLUSTER_CENTER), 255]);
		expect(pixel(0, 0)[3]).toBe(0);
	});
});
