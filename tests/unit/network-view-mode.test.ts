/**
 * The map page's first view: both side by side on a wide screen, the map alone on a narrower
 * one, and a person's own choice, once made, whatever the width.
 */
import { describe, expect, it } from 'vitest';
import { initialViewMode, saveViewMode } from '../../src/lib/network/view-mode.ts';

function memory() {
	const items = new Map<string, string>();
	return { getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => void items.set(key, value) };
}

describe('map view mode', () => {
	it('shows both from 1200 px and the map alone below, until the person chooses', () => {
		const storage = memory();
		expect(initialViewMode(1200, storage)).toBe('both');
		expect(initialViewMode(1199, storage)).toBe('map');
		saveViewMode('network', storage);
		expect(initialViewMode(1440, storage)).toBe('network');
		expect(initialViewMode(800, storage)).toBe('network');
	});

	it('ignores a stored value it does not know, and works without storage', () => {
		const storage = memory();
		storage.setItem('tejido.mapView', 'graph');
		expect(initialViewMode(1440, storage)).toBe('both');
		expect(initialViewMode(1440, null)).toBe('both');
	});
});
