/**
 * What an export holds: the chosen agents with their memberships resolved to names, the links
 * between them, and the catalogue entries they use. Read through the model's typed API only,
 * so an invalid entry a peer wrote is skipped here as everywhere else.
 *
 * The caller chooses the agents: the browser passes the filtered list it shows, the server a
 * predicate built from the query string (or nothing: the whole map). This is where the filter
 * value of the managers' view plugs in.
 */
import type { Agent, Link, MapDocument } from '../model/index.ts';
import type { FileCatalogue } from './types.ts';

export interface ExportAgent {
	id: string;
	name: string;
	sector: Agent['sector'];
	position: readonly [number, number];
	address: string;
	municipality: string;
	website: string;
	contact: string;
	description: string;
	tags: string[];
	areas: string[];
	niches: string[];
	networks: string[];
	projects: string[];
}

export interface ExportOptions {
	/** The agents to export, or a test each agent must pass; every agent of the map by default. */
	agents?: readonly Agent[] | ((agent: Agent) => boolean);
	/** Also export the links whose two ends are exported (default true). */
	includeLinks?: boolean;
	/**
	 * The links to choose from, already read: the browser's map index holds them validated,
	 * and reading 200,000 links from the document again took most of a large export's time.
	 * Every readable link of the document by default.
	 */
	links?: readonly Link[];
	/** Contact details are personal data: left out unless asked for. */
	includeContact?: boolean;
	/** Fields left empty whatever else is asked: the personal fields a share link may not see. */
	withheld?: readonly string[];
}

export interface ExportData {
	mapName: string;
	agents: ExportAgent[];
	links: Link[];
	catalogue: FileCatalogue;
	includeContact: boolean;
}

// One collator for every comparison: `localeCompare(b, 'es')` sets up the locale's rules on
// each call, which made sorting a 50,000-agent export take seconds.
const byName = new Intl.Collator('es').compare;

export function collectExport(map: MapDocument, options: ExportOptions = {}): ExportData {
	const chosen = Array.isArray(options.agents)
		? (options.agents as readonly Agent[])
		: map.agents().filter(typeof options.agents === 'function' ? options.agents : () => true);
	const areas = map.areas();
	const niches = map.niches();
	const networks = map.networks();
	const projects = map.projects();
	const names = (list: readonly { id: string; name: string }[]) => new Map(list.map((item) => [item.id, item.name]));
	const areaNames = names(areas);
	const nicheNames = names(niches);
	const networkNames = names(networks);
	const projectsOf = new Map<string, string[]>();
	for (const project of projects) {
		for (const agentId of project.agentIds) projectsOf.set(agentId, [...(projectsOf.get(agentId) ?? []), project.name]);
	}
	const resolve = (ids: readonly string[], lookup: Map<string, string>) =>
		ids.flatMap((id) => (lookup.has(id) ? [lookup.get(id)!] : [])).sort(byName);
	const withheld = new Set(options.withheld ?? []);
	const includeContact = (options.includeContact ?? false) && !withheld.has('contact');
	const shown = (field: 'address' | 'website' | 'description', agent: Agent) => (withheld.has(field) ? '' : agent[field]);
	const agents = chosen
		.map(
			(agent): ExportAgent => ({
				id: agent.id,
				name: agent.name,
				sector: agent.sector,
				position: agent.position,
				address: shown('address', agent),
				municipality: agent.municipality,
				website: shown('website', agent),
				contact: includeContact ? agent.contact : '',
				description: shown('description', agent),
				tags: [...agent.tags],
				areas: resolve(agent.areaIds, areaNames),
				niches: resolve(agent.nicheIds, nicheNames),
				networks: resolve(agent.networkIds, networkNames),
				projects: (projectsOf.get(agent.id) ?? []).sort(byName)
			})
		)
		.sort((a, b) => byName(a.name, b.name) || (a.id < b.id ? -1 : 1));
	const exported = new Set(agents.map((agent) => agent.id));
	const links =
		options.includeLinks === false ? [] : (options.links ?? map.links()).filter((link) => exported.has(link.from) && exported.has(link.to));

	// Only the catalogue entries the exported agents use travel with them.
	const used = (key: 'areas' | 'niches' | 'networks' | 'projects') => new Set(agents.flatMap((agent) => agent[key]));
	const [usedAreas, usedNiches, usedNetworks, usedProjects] = [used('areas'), used('niches'), used('networks'), used('projects')];
	const catalogue: FileCatalogue = {
		areas: areas.filter((a) => usedAreas.has(a.name)).map((a) => ({ name: a.name, color: a.color })),
		niches: niches
			.filter((n) => usedNiches.has(n.name))
			.map((n) => ({ name: n.name, area: areaNames.get(n.areaId) ?? '' })),
		networks: networks.filter((n) => usedNetworks.has(n.name)).map((n) => ({ name: n.name, kind: n.kind, color: n.color })),
		projects: projects
			.filter((p) => usedProjects.has(p.name))
			.map((p) => ({ name: p.name, niche: nicheNames.get(p.nicheId) ?? '', status: p.status }))
	};
	return { mapName: map.readMeta().name, agents, links, catalogue, includeContact };
}
