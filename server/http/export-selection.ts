/**
 * The agents an export request selects: the page URL's filter parameters, read by the same
 * code the page uses (src/lib/filters), so a partner who copies a filtered view's link and
 * asks for `export.geojson` with its query string gets exactly the agents the page showed.
 */
import { agentFacts, compileFilter } from '../../src/lib/filters/filter.ts';
import { filterFromParams, hasFilterParams } from '../../src/lib/filters/url.ts';
import { filterLabel } from '../../src/lib/exchange/index.ts';
import type { MapDocument } from '../../src/lib/model/index.ts';
import { BadRequest } from './body.ts';
import type { AgentSelection } from './export-routes.ts';

export function selectAgents(query: URLSearchParams, map: MapDocument): AgentSelection | null {
	if (!hasFilterParams(query)) return null;
	const filter = filterFromParams(query);
	// The page forgives a mangled region in a hand-edited link; a program asking for an export
	// must hear about it, or it would receive the whole map and believe it was the region.
	if ((query.has('circle') || query.has('polygon')) && !filter.region) {
		throw new BadRequest(
			'The region in this link could not be read. Use circle=lon,lat,km or polygon=lon,lat,lon,lat,… (at least three points, WGS84 degrees), as the map page writes them.'
		);
	}
	const compiled = compileFilter(filter);
	const projects = map.projects();
	// Project membership lives on the projects, so it is turned around once per request.
	const projectsOf = new Map<string, string[]>();
	for (const project of projects) {
		for (const agentId of project.agentIds) {
			const list = projectsOf.get(agentId);
			if (list) list.push(project.id);
			else projectsOf.set(agentId, [project.id]);
		}
	}
	return {
		test: (agent) => compiled.matches(agentFacts(agent, (projectsOf.get(agent.id) ?? []).sort())),
		label: filterLabel(filter, { areas: map.areas(), niches: map.niches(), networks: map.networks(), projects })
	};
}
