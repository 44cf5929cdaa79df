/**
 * A deterministic demo map of the Bogotá–Cundinamarca smart specialisation strategy: the five
 * specialisation areas and their niches, partner networks, about 165 agents (the real
 * institutions of the public strategy documents at approximate locations, everything else
 * invented and marked "(demo)"), their links and strategic projects.
 *
 * The same seed always yields the same entities with the same ids, so two people who load the
 * demo into one shared document converge on one copy instead of two.
 */
import { PLACES, findPlace, type Place } from '../geo/places.ts';
import {
	LINK_KINDS,
	PROJECT_STATUSES,
	SECTORS,
	type AgentInput,
	type LinkInput,
	type LinkKind,
	type LonLat,
	type MapDocument,
	type Sector
} from '../model/index.ts';
import {
	DEMO_AREAS,
	DEMO_MUNICIPALITIES,
	DEMO_NETWORKS,
	DEMO_TAGS,
	LINK_NOTES,
	LOCALITY_WEIGHTS,
	NAME_ROOTS,
	PROJECT_PATTERNS,
	REAL_INSTITUTIONS,
	SECTOR_PATTERNS,
	SECTOR_ROLES,
	SECTOR_WEIGHTS,
	STREETS
} from './demo-catalogue.ts';
import { demoHistory } from './demo-history.ts';
import { between, mulberry32, pad2, pick, sample, slugify, weighted, type Rng } from './random.ts';

export const DEMO_MAP_NAME = 'Bogotá Región — Especialización Inteligente (demo)';

const INVENTED_AGENTS = 150;
const LINK_TARGET = 260;
/** One invented agent in this many is placed in a Cundinamarca municipality. */
const MUNICIPALITY_EVERY = 4;
const JITTER_KM = 1.8;

// ── the map ─────────────────────────────────────────────────────────────────────────────────

interface Catalogue {
	areaIds: Map<string, string>;
	/** Niche ids per area key. */
	niches: Map<string, string[]>;
	nicheNames: Map<string, string>;
	networkIds: Map<string, string>;
}

interface SeededAgent {
	id: string;
	input: AgentInput;
	sector: Sector;
	areas: string[];
	nicheIds: string[];
	hub: boolean;
}

/**
 * Fills an empty map with the demo; the same `seed` always gives the same document content,
 * and with the same `now` the same history (when each agent and link was added).
 */
export function seedDemoMap(map: MapDocument, seed = 2026, now = Date.now()): void {
	const rng = mulberry32(seed);
	map.transact(() => {
		map.setMeta({
			name: DEMO_MAP_NAME,
			description:
				'Mapa de demostración con datos ilustrativos: las instituciones reales aparecen en ' +
				'ubicaciones aproximadas y con relaciones inventadas; las demás organizaciones son ' +
				'ficticias. No usar como fuente de información.',
			center: [-74.1, 4.68],
			zoom: 9
		});
		const catalogue = addCatalogue(map);
		const agents = [...realInstitutions(rng, catalogue), ...inventedAgents(rng, catalogue)];
		const links = planLinks(rng, agents);
		const history = demoHistory(
			seed,
			now,
			agents.map((agent) => agent.id),
			links.map((link) => ({ id: link.id!, from: link.from, to: link.to, since: link.since ?? '' }))
		);
		for (const agent of agents) map.addAgent(agent.input, { createdAt: history.agents.get(agent.id) });
		for (const link of links) map.addLink(link, { createdAt: history.links.get(link.id!) });
		addProjects(map, rng, agents, catalogue);
	});
}

function addCatalogue(map: MapDocument): Catalogue {
	const catalogue: Catalogue = { areaIds: new Map(), niches: new Map(), nicheNames: new Map(), networkIds: new Map() };
	DEMO_AREAS.forEach((area, order) => {
		const areaId = map.addArea({ id: `area-${area.key}`, name: area.name, color: area.color, order });
		catalogue.areaIds.set(area.key, areaId);
		const nicheIds = area.niches.map((niche) => {
			const id = map.addNiche({ id: `niche-${niche.key}`, name: niche.name, areaId });
			catalogue.nicheNames.set(id, niche.name);
			return id;
		});
		catalogue.niches.set(area.key, nicheIds);
	});
	for (const network of DEMO_NETWORKS) {
		const id = map.addNetwork({ id: `network-${network.key}`, name: network.name, kind: network.kind, color: network.color });
		catalogue.networkIds.set(network.key, id);
	}
	return catalogue;
}

function realInstitutions(rng: Rng, catalogue: Catalogue): SeededAgent[] {
	return REAL_INSTITUTIONS.map((institution) => {
		const place = placeNamed(institution.place);
		const nicheIds = pickNiches(rng, catalogue, institution.areas);
		const id = `agent-${institution.key}`;
		const input: AgentInput = {
			id,
			name: institution.name,
			sector: institution.sector,
			position: jitter(rng, place),
			address: `${place.name}, ${place.department}`,
			municipality: municipalityOf(place),
			website: institution.website,
			description: `${institution.role}. Ubicación aproximada y relaciones ilustrativas (demo).`,
			areaIds: institution.areas.map((key) => catalogue.areaIds.get(key)!),
			nicheIds,
			networkIds: institution.networks.map((key) => catalogue.networkIds.get(key)!),
			tags: sample(rng, DEMO_TAGS, between(rng, 0, 2))
		};
		return { id, input, sector: institution.sector, areas: [...institution.areas], nicheIds, hub: true };
	});
}

function inventedAgents(rng: Rng, catalogue: Catalogue): SeededAgent[] {
	const localities = PLACES.filter((place) => place.kind === 'locality').map(
		(place) => [place, LOCALITY_WEIGHTS[place.name] ?? 1] as const
	);
	const municipalities = DEMO_MUNICIPALITIES.map(placeNamed);
	const sectorWeights = SECTORS.map((sector) => [sector, SECTOR_WEIGHTS[sector]] as const);
	const usedNames = new Set<string>(REAL_INSTITUTIONS.map((institution) => institution.name));
	const agents: SeededAgent[] = [];
	for (let i = 0; i < INVENTED_AGENTS; i++) {
		// The first agents take each sector in turn so that every sector is on the map.
		const sector = i < SECTORS.length ? SECTORS[i] : weighted(rng, sectorWeights);
		const place =
			i % MUNICIPALITY_EVERY === MUNICIPALITY_EVERY - 1
				? municipalities[Math.floor(i / MUNICIPALITY_EVERY) % municipalities.length]
				: weighted(rng, localities);
		const areas = sample(rng, DEMO_AREAS, rng() < 0.35 ? 2 : 1).map((area) => area.key);
		const nicheIds = pickNiches(rng, catalogue, areas);
		const name = inventName(rng, sector, areas[0], usedNames);
		const slug = slugify(name);
		const domain = `${slug}.${rng() < 0.5 ? 'example.org' : 'example.com'}`;
		const id = `agent-${String(i + 1).padStart(3, '0')}`;
		const input: AgentInput = {
			id,
			name,
			sector,
			position: jitter(rng, place),
			address: inventAddress(rng, place),
			municipality: municipalityOf(place),
			website: `https://${domain}`,
			contact: rng() < 0.5 ? `contacto@${domain}` : '',
			description: describe(sector, nicheIds, place, catalogue),
			areaIds: areas.map((key) => catalogue.areaIds.get(key)!),
			nicheIds,
			networkIds: pickNetworks(rng, sector).map((key) => catalogue.networkIds.get(key)!),
			tags: sample(rng, DEMO_TAGS, between(rng, 0, 3))
		};
		agents.push({ id, input, sector, areas, nicheIds, hub: false });
	}
	return agents;
}

function placeNamed(name: string): Place {
	const place = findPlace(name);
	if (!place) throw new Error(`demo catalogue names an unknown place: ${name}`);
	return place;
}

function municipalityOf(place: Place): string {
	return place.department === 'Bogotá D.C.' ? 'Bogotá D.C.' : place.name;
}

/** A point within `JITTER_KM` of the place's centre, uniformly over the disc. */
function jitter(rng: Rng, place: Place): LonLat {
	const km = JITTER_KM * Math.sqrt(rng());
	const angle = 2 * Math.PI * rng();
	const kmPerDegree = 111.32;
	const lat = place.lat + (km * Math.sin(angle)) / kmPerDegree;
	const lon = place.lon + (km * Math.cos(angle)) / (kmPerDegree * Math.cos((place.lat * Math.PI) / 180));
	return [lon, lat];
}

function pickNiches(rng: Rng, catalogue: Catalogue, areas: readonly string[]): string[] {
	const pool = areas.flatMap((key) => catalogue.niches.get(key) ?? []);
	return sample(rng, pool, rng() < 0.4 ? 2 : 1);
}

function pickNetworks(rng: Rng, sector: Sector): string[] {
	// International and public agents belong to networks more often, and to different ones.
	const outward = sector === 'international' || sector === 'public';
	const count = weighted(rng, outward ? [[0, 1], [1, 5], [2, 4]] : [[0, 6], [1, 3], [2, 1]]);
	const pool = DEMO_NETWORKS.filter((network) =>
		sector === 'public'
			? true
			: sector === 'international'
				? network.kind !== 'city-network' && network.kind !== 'cluster'
				: network.kind === 'programme' || network.kind === 'cluster'
	);
	return sample(rng, pool, count).map((network) => network.key);
}

function inventName(rng: Rng, sector: Sector, areaKey: string, used: Set<string>): string {
	const trades = DEMO_AREAS.find((area) => area.key === areaKey)!.trades;
	let name = '';
	for (let attempt = 0; attempt < 8 && (name === '' || used.has(name)); attempt++) {
		name = pick(rng, SECTOR_PATTERNS[sector])
			.replace('{root}', pick(rng, NAME_ROOTS))
			.replace('{trade}', pick(rng, trades));
	}
	for (let n = 2; used.has(name); n++) name = name.replace(/ \d+$/, '') + ` ${n}`;
	used.add(name);
	return name;
}

function inventAddress(rng: Rng, place: Place): string {
	const inBogota = place.department === 'Bogotá D.C.';
	const number = between(rng, 1, inBogota ? 170 : 30);
	const street = `${pick(rng, STREETS)} ${number} # ${between(rng, 1, inBogota ? 120 : 25)}-${between(rng, 2, 90)}`;
	return inBogota ? `${street}, ${place.name}, Bogotá D.C.` : `${street}, ${place.name}, Cundinamarca`;
}

function describe(sector: Sector, nicheIds: readonly string[], place: Place, catalogue: Catalogue): string {
	const work = nicheIds.map((id) => lowerFirst(catalogue.nicheNames.get(id)!)).join(', y en ');
	return `${SECTOR_ROLES[sector]} que trabaja en ${work}, con sede en ${place.name}. Organización ficticia (demo).`;
}

/** Lower-cases the first letter unless the first word is an acronym ("TIC"). */
function lowerFirst(text: string): string {
	return /^\p{Lu}\p{Ll}/u.test(text) ? text[0].toLowerCase() + text.slice(1) : text;
}

// ── links and projects ──────────────────────────────────────────────────────────────────────

function planLinks(rng: Rng, agents: readonly SeededAgent[]): LinkInput[] {
	const links: LinkInput[] = [];
	const byArea = new Map<string, SeededAgent[]>();
	for (const agent of agents) {
		for (const area of agent.areas) byArea.set(area, [...(byArea.get(area) ?? []), agent]);
	}
	const hubs = agents.filter((agent) => agent.hub);
	const pairs = new Set<string>();
	for (let attempt = 0; pairs.size < LINK_TARGET && attempt < LINK_TARGET * 20; attempt++) {
		// Hubs (the real institutions) attract more links; most links stay inside an area and
		// the rest bridge areas, which is what makes the network worth exploring.
		const a = rng() < 0.25 ? pick(rng, hubs) : pick(rng, agents);
		const b = pick(rng, rng() < 0.85 ? byArea.get(pick(rng, a.areas))! : agents);
		const pair = a.id < b.id ? `${a.id}|${b.id}` : `${b.id}|${a.id}`;
		if (a.id === b.id || pairs.has(pair)) continue;
		pairs.add(pair);
		links.push({
			id: `link-${String(pairs.size).padStart(3, '0')}`,
			from: a.id,
			to: b.id,
			kind: linkKind(rng, a.sector, b.sector),
			weight: weighted(rng, [[1, 3], [2, 4], [3, 4], [4, 2], [5, 1]]),
			note: pick(rng, LINK_NOTES),
			since: rng() < 0.2 ? '' : `${between(rng, 2012, 2025)}-${pad2(between(rng, 1, 12))}-${pad2(between(rng, 1, 28))}`
		});
	}
	return links;
}

/** A plausible kind for a link between two sectors (also used by the benchmark's generator). */
export function linkKind(rng: Rng, a: Sector, b: Sector): LinkKind {
	const has = (sector: Sector) => a === sector || b === sector;
	if (rng() < 0.2) return pick(rng, LINK_KINDS);
	if (has('international')) return rng() < 0.6 ? 'funding' : 'partnership';
	if ((has('academia') || has('research')) && has('private')) return rng() < 0.6 ? 'knowledge-transfer' : 'partnership';
	if (has('public')) return pick(rng, ['agreement', 'agreement', 'funding', 'partnership'] as const);
	if (a === 'private' && b === 'private') return rng() < 0.5 ? 'supply' : 'partnership';
	if (has('civil-society')) return rng() < 0.4 ? 'membership' : 'partnership';
	return 'partnership';
}

function addProjects(map: MapDocument, rng: Rng, agents: readonly SeededAgent[], catalogue: Catalogue): void {
	for (const [areaKey, nicheIds] of catalogue.niches) {
		for (const nicheId of nicheIds) {
			const inNiche = agents.filter((agent) => agent.nicheIds.includes(nicheId));
			const pool = inNiche.length >= 5 ? inNiche : agents.filter((agent) => agent.areas.includes(areaKey));
			const niche = lowerFirst(catalogue.nicheNames.get(nicheId)!);
			sample(rng, PROJECT_PATTERNS, between(rng, 2, 4)).forEach((pattern, n) => {
				map.addProject({
					id: `project-${nicheId.replace(/^niche-/, '')}-${n + 1}`,
					name: pattern.replace('{niche}', niche),
					nicheId,
					status: pick(rng, PROJECT_STATUSES),
					agentIds: sample(rng, pool, between(rng, 2, 5)).map((agent) => agent.id)
				});
			});
		}
	}
}
