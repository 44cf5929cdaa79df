/**
 * How links are drawn: colour by kind (listed in the legend), width by weight (1–5), quiet by
 * default so the agents stay in front, and the chosen (selected or pointed at) agent's links
 * emphasised: opaque and wider.
 */
import type { ExpressionSpecification } from 'maplibre-gl';
import { LINK_KINDS, type LinkKind } from '#lib/model/index.ts';

/**
 * One colour per kind, told apart from each other and readable on the light basemap (each at
 * least 3:1 against white, as a line must be), none of them the grey of the basemap's roads.
 */
export const LINK_KIND_COLORS: Record<LinkKind, string> = {
	partnership: '#2166ac',
	funding: '#1b7837',
	agreement: '#762a83',
	membership: '#d95f02',
	'knowledge-transfer': '#c51b7d',
	supply: '#8c510a',
	other: '#5b6470'
};

/** Opacity of a link no one has chosen: present, but under the agents. */
export const QUIET_OPACITY = 0.35;
export const EMPHASISED_OPACITY = 0.95;
/** Line width (px) at weight 1 and at weight 5; the chosen agent's links are this much wider. */
export const WEIGHT_WIDTH = { light: 1, heavy: 4.5 } as const;
export const EMPHASIS_WIDTH = 1.6;

const chosen: ExpressionSpecification = [
	'any',
	['boolean', ['feature-state', 'selected'], false],
	['boolean', ['feature-state', 'hovered'], false]
];

export function linkColor(): ExpressionSpecification {
	return ['match', ['get', 'kind'], ...LINK_KINDS.flatMap((kind) => [kind, LINK_KIND_COLORS[kind]]), LINK_KIND_COLORS.other] as unknown as ExpressionSpecification;
}

/** Width by weight, `scale` times wider when `emphasised` holds. */
export function linkWidth(emphasised: ExpressionSpecification | boolean = chosen): ExpressionSpecification {
	const byWeight: ExpressionSpecification = ['interpolate', ['linear'], ['get', 'weight'], 1, WEIGHT_WIDTH.light, 5, WEIGHT_WIDTH.heavy];
	return ['*', ['case', emphasised, EMPHASIS_WIDTH, 1], byWeight];
}

/** The paint of the links layer: quiet, the chosen agent's links emphasised (feature-state). */
export function linkPaint() {
	return {
		'line-color': linkColor(),
		'line-width': linkWidth(),
		'line-opacity': ['case', chosen, EMPHASISED_OPACITY, QUIET_OPACITY] as ExpressionSpecification
	};
}

/** The paint of the chosen agent's links drawn on their own layer (every one is emphasised). */
export function focusLinkPaint() {
	return { 'line-color': linkColor(), 'line-width': linkWidth(true), 'line-opacity': EMPHASISED_OPACITY };
}
