/**
 * How links are drawn (src/lib/map/link-style.ts, agent-layers.ts), evaluated with MapLibre's
 * own expression engine: each kind has its own colour, the width grows with the weight, links
 * are quiet until their agent is chosen; links wait for the zoom where agents are no longer
 * clustered (a link never ends beside a cluster), except unclustered (the heatmap) on a map
 * within the links' budget; a small filtered view names its agents at every zoom.
 */
import { describe, expect, it } from 'vitest';
import { createExpression } from '@maplibre/maplibre-gl-style-spec';
import { CLUSTER_MAX_ZOOM, LINK_DETAIL, SMALL_VIEW, linksFromZoom, namesEverywhere } from '../../src/lib/map/agent-layers.ts';
import { LINK_BUDGET } from '../../src/lib/map/link-window.ts';
import { EMPHASISED_OPACITY, LINK_KIND_COLORS, QUIET_OPACITY, linkPaint } from '../../src/lib/map/link-style.ts';
import { LINK_KINDS } from '../../src/lib/model/index.ts';

function evaluate(expression: unknown, properties: Record<string, unknown>, state: Record<string, unknown> = {}): unknown {
	const parsed = createExpression(expression, 'layers[0].paint');
	if (parsed.result !== 'success') throw new Error(JSON.stringify(parsed.value));
	return parsed.value.evaluate({ zoom: 12 }, { type: 'LineString', properties, geometry: [] } as never, state);
}

describe('link style', () => {
	const paint = linkPaint();

	it('colours each kind of link with its own colour', () => {
		const colours = LINK_KINDS.map((kind) => evaluate(paint['line-color'], { kind, weight: 1 }));
		expect(colours).toEqual(LINK_KINDS.map((kind) => LINK_KIND_COLORS[kind]));
		expect(new Set(colours).size).toBe(LINK_KINDS.length);
	});

	it('draws heavier links wider, and the chosen agent’s links wider and opaque', () => {
		const width = (weight: number, state = {}) => evaluate(paint['line-width'], { kind: 'funding', weight }, state) as number;
		expect(width(1)).toBeLessThan(width(3));
		expect(width(3)).toBeLessThan(width(5));
		expect(width(3, { selected: true })).toBeGreaterThan(width(3));
		expect(evaluate(paint['line-opacity'], { kind: 'funding', weight: 1 })).toBe(QUIET_OPACITY);
		expect(evaluate(paint['line-opacity'], { kind: 'funding', weight: 1 }, { hovered: true })).toBe(EMPHASISED_OPACITY);
		expect(QUIET_OPACITY).toBeLessThan(0.5);
	});

	it('draws links only where agents are drawn one by one while they are clustered', () => {
		expect(LINK_DETAIL.minZoom).toBe(CLUSTER_MAX_ZOOM + 1);
		expect(linksFromZoom(10, true)).toBe(LINK_DETAIL.minZoom);
		expect(linksFromZoom(10, false)).toBeNull();
		expect(linksFromZoom(LINK_BUDGET + 1, false)).toBe(LINK_DETAIL.minZoom);
	});

	it('names every agent of a small filtered view, not of a whole small map or a large view', () => {
		expect(namesEverywhere(12, 165)).toBe(true);
		expect(namesEverywhere(SMALL_VIEW, 5000)).toBe(true);
		expect(namesEverywhere(SMALL_VIEW + 1, 5000)).toBe(false);
		expect(namesEverywhere(165, 165)).toBe(false);
	});
});
