/**
 * Which agents' names the map's worker is given: those of the agents around the screen, and
 * only while they are few enough to read.
 *
 * MapLibre lays out every name of a tile before it hides those that collide, and sends all
 * their glyphs to the GPU (four vertices each). At street zoom over a dense capital a tile holds
 * thousands of agents: on the benchmark's 50,000 agents, opening ten agents and editing them
 * spent 20 s of the page's main thread creating those buffers (`npx node
 * bench/profile-page.ts --agents=50000 --agent-edits=10`), and one edit in ten took seconds.
 * Where more agents than the budget stand around the screen, no name is drawn: the list, the
 * hover and the panel still name them, and zooming in brings the names back.
 */
import type { LonLat } from '../model/index.ts';
import { inBBox, type BBox } from '../filters/region.ts';
import { idsWithin } from './link-window.ts';

/** The most agents' names the map's worker is given at once. */
export const NAME_BUDGET = 2_000;

/**
 * The agents of `ids` whose position lies in `box`, or null when there are more than `budget`
 * of them. `position` gives an agent's position, or null for one not drawn.
 */
export function agentsInBox(ids: Iterable<string>, position: (id: string) => LonLat | null, box: BBox, budget: number): Set<string> | null {
	return idsWithin(ids, budget, (id) => {
		const at = position(id);
		return at !== null && inBBox(at, box);
	});
}
