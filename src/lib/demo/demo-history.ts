/**
 * When each demo agent and link came onto the map: a history spread over the years of the
 * strategy (from 2015 to `now`), so the indicators' "new links per month" shows years of
 * mapping rather than every link in the month the demo was loaded. Deterministic for a seed
 * and a `now`; never later than `now`; a link is drawn after its relationship began (`since`)
 * and after both of its agents were added.
 */
import { mulberry32 } from './random.ts';

/** The strategy's mapping starts in 2015: nothing in the demo is older. */
export const HISTORY_START = Date.UTC(2015, 0, 1);

export interface DatedLink {
	id: string;
	from: string;
	to: string;
	/** `YYYY-MM-DD` or empty. */
	since: string;
}

export interface DemoHistory {
	agents: Map<string, number>;
	links: Map<string, number>;
}

export function demoHistory(seed: number, now: number, agentIds: readonly string[], links: readonly DatedLink[]): DemoHistory {
	// Its own random source, so the demo's content (names, places, links) stays what it was.
	const rng = mulberry32(seed ^ 0x5eed);
	const between = (lo: number, hi: number) => (hi <= lo ? Math.min(lo, now) : Math.floor(lo + rng() * (hi - lo)));
	const dated = new Map<string, number>();
	for (const link of links) {
		const since = link.since ? Date.parse(`${link.since}T12:00:00Z`) : HISTORY_START;
		dated.set(link.id, between(Math.max(HISTORY_START, since), now));
	}
	const firstLink = new Map<string, number>();
	for (const link of links) {
		const at = dated.get(link.id)!;
		for (const end of [link.from, link.to]) firstLink.set(end, Math.min(firstLink.get(end) ?? now, at));
	}
	const agents = new Map(agentIds.map((id) => [id, between(HISTORY_START, firstLink.get(id) ?? now)]));
	return { agents, links: dated };
}
