/**
 * The filtered view as the UI (and the export) read it: `filtered` follows edits and filter
 * changes, and the list's version ignores moves, which arrive many times a second while a
 * colleague drags an agent.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MapDocument } from '../../src/lib/model/index.ts';
import { seedDemoMap } from '../../src/lib/demo/demo-map.ts';
import { FilteredView } from '../../src/lib/filters/filtered-view.svelte.ts';
import { normalizeFilter } from '../../src/lib/filters/filter.ts';

function demo(): { map: MapDocument; view: FilteredView } {
	const map = new MapDocument(new Y.Doc(), 'demo');
	seedDemoMap(map);
	return { map, view: new FilteredView(map, normalizeFilter({ areas: ['area-bio'] })) };
}

describe('the filtered view', () => {
	it('lists exactly the agents that pass the filter, and follows edits', () => {
		const { map, view } = demo();
		const bio = map.agents().filter((agent) => agent.areaIds.includes('area-bio'));
		expect(view.filtered.map((agent) => agent.id).sort()).toEqual(bio.map((agent) => agent.id).sort());
		expect(view.count).toBe(bio.length);
		expect(view.total).toBe(165);
		const outsider = map.agents().find((agent) => !agent.areaIds.includes('area-bio'))!;
		map.setMember(outsider.id, 'areaIds', 'area-bio', true);
		expect(view.has(outsider.id)).toBe(true);
		expect(view.filtered.some((agent) => agent.id === outsider.id)).toBe(true);
		expect(view.filteredLinks.every((link) => view.has(link.from) && view.has(link.to))).toBe(true);
		view.destroy();
	});

	it('applies a new filter, ignoring one equal to the current', () => {
		const { view } = demo();
		const before = view.version;
		view.filter = normalizeFilter({ areas: ['area-bio'] });
		expect(view.version).toBe(before);
		view.filter = { ...view.filter, sectors: ['academia'] };
		expect(view.filtered.every((agent) => agent.sector === 'academia' && agent.areaIds.includes('area-bio'))).toBe(true);
		expect(view.choiceCount('sectors', 'private')).toBeGreaterThan(0);
		view.destroy();
	});

	it('does not change the list’s version when an agent only moves', () => {
		const { map, view } = demo();
		const id = view.filtered[0].id;
		const [version, listVersion] = [view.version, view.listVersion];
		map.moveAgent(id, [-74.05, 4.6]);
		expect(view.version).toBeGreaterThan(version);
		expect(view.listVersion).toBe(listVersion);
		expect(view.filtered.find((agent) => agent.id === id)?.position).toEqual([-74.05, 4.6]);
		map.updateAgent(id, { name: 'Nuevo nombre' });
		expect(view.listVersion).toBeGreaterThan(listVersion);
		view.destroy();
	});
});
