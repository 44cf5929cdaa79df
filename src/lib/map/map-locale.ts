/**
 * MapLibre's own words (its controls' titles, the canvas's label) in the UI's language, through
 * its public `locale` Map option. MapLibre reads them once, when the map is made, and has no
 * setter: a later change of language relabels the buttons it drew, found by their documented
 * classes.
 */
import type { MessageKey } from '#lib/i18n/i18n.svelte.ts';

type Translate = (key: MessageKey) => string;

/** MapLibre's string ids (its src/ui/default_locale.ts) and ours. */
const STRINGS = {
	'NavigationControl.ZoomIn': 'mapControls.zoomIn',
	'NavigationControl.ZoomOut': 'mapControls.zoomOut',
	'NavigationControl.ResetBearing': 'mapControls.resetBearing',
	'AttributionControl.ToggleAttribution': 'mapControls.toggleAttribution',
	'AttributionControl.MapFeedback': 'mapControls.mapFeedback',
	'Map.Title': 'mapControls.map',
	'Popup.Close': 'mapControls.closePopup'
} as const satisfies Record<string, MessageKey>;

/** The Map's `locale` option in the current language. */
export function mapLocale(t: Translate): Record<string, string> {
	return Object.fromEntries(Object.entries(STRINGS).map(([id, key]) => [id, t(key)]));
}

/** MapLibre's buttons and what they say: each has the text as its title and accessible name. */
const BUTTONS: readonly [selector: string, key: MessageKey][] = [
	['.maplibregl-ctrl-zoom-in', STRINGS['NavigationControl.ZoomIn']],
	['.maplibregl-ctrl-zoom-out', STRINGS['NavigationControl.ZoomOut']],
	['.maplibregl-ctrl-compass', STRINGS['NavigationControl.ResetBearing']],
	['.maplibregl-ctrl-attrib-button', STRINGS['AttributionControl.ToggleAttribution']]
];

/** Says MapLibre's buttons inside `container` again, in the current language. */
export function relabelControls(container: HTMLElement, t: Translate): void {
	for (const [selector, key] of BUTTONS) {
		for (const button of container.querySelectorAll<HTMLElement>(selector)) {
			button.title = t(key);
			button.setAttribute('aria-label', t(key));
		}
	}
	container.querySelector('canvas.maplibregl-canvas')?.setAttribute('aria-label', t(STRINGS['Map.Title']));
}
