/**
 * The smart-specialisation template: a new map with the five specialisation areas of the
 * Bogotá–Cundinamarca strategy and no agents, ready for a team to fill.
 */
import type { MapDocument } from '../model/index.ts';
import { DEMO_AREAS } from './demo-catalogue.ts';

export function seedSmartSpecialisationTemplate(map: MapDocument): void {
	map.transact(() => {
		DEMO_AREAS.forEach((area, order) => map.addArea({ name: area.name, color: area.color, order }));
	});
}
