/**
 * A seeded generator of regional-scale maps for the benchmarks: N agents clustered around the
 * real places of Bogotá–Cundinamarca (src/lib/geo/places.ts), every agent field filled,
 * memberships in areas, niches and networks, about `linksPerAgent` links per agent (mostly
 * within a town or an area, some to hub institutions), and strategic projects per niche.
 *
 * Everything goes through the model API (`MapDocument`) in one transaction, with ids made
 * from the index (`agent-0000042`), so the same seed gives the same document content. The
 * only things the seed does not fix are the created/updated timestamps the model stamps from
 * the clock; freeze the clock (as the unit test does) and the encoded bytes are identical too.
 */
import * as Y from 'yjs';
import {
	DEMO_AREAS,
	DEMO_MUNICIPALITIES,
	DEMO_NETWORKS,
	DEMO_TAGS,
	LINK_NOTES,
	LOCALITY_WEIGHTS,
	NAME_ROOTS,
	PROJECT_PATTERNS,
	SECTOR_PATTERNS,
	SECTOR_ROLES,
	SECTOR_WEIGHTS,
	STREETS
} from '../src/lib/demo/demo-catalogue.ts';
import { linkKind } from '../src/lib/demo/demo-map.ts';
import { between, mulberry32, pad2, pick, sample, slugify, type Rng } from '../src/lib/demo/random.ts';
import { PLACES, type Place } from '../src/lib/geo/places.ts';
import { MapDocument, PROJECT_STATUSES, SECTORS, type LonLat, type Sector } from '../src/lib/model/index.ts';

export interface GenerateOptions {
	agents: number;
	/** Average links per agent (each link has two ends, so the mean degree is twice this). */
	linksPerAgent?: number;
	seed?: number;
}

export interface GeneratedMap {
	map: MapDocument;
	agentIds: string[];
	counts: { agents: number; links: number; areas: number; niches: number; networks: number; projects: number };
	generateMs: number;
}

/** Share of agents that are hubs (universities, chambers, agencies): they attract links. */
const HUB_EVERY = 50;
const AGENT_ID_DIGITS = 7;

export function agentId(index: number): string {
	return `agent-${String(index).padStart(AGENT_ID_DIGITS, '0')}`;
}

/** A new map document (Y.Doc client id fixed by the seed) filled by `fillMap`. */
export function generateMap(options: GenerateOptions): GeneratedMap {
	const doc = new Y.Doc();
	// A fixed client id makes the item ids, hence the encoded update, reproducible.
	doc.clientID = (options.seed ?? 1) >>> 0 || 1;
	return fillMap(new MapDocument(doc, 'bench-generator'), options);
}

export function fillMap(map: MapDocument, options: GenerateOptions): GeneratedMap {
	const n = options.agents;
	if (!Number.isInteger(n) || n < 2) throw new Error('a generated map needs at least 2 agents');
	const linkTarget = Math.round(n * (options.linksPerAgent ?? 4));
	const rng = mulberry32(options.seed ?? 1);
	const started = performance.now();
	const catalogue = catalogueIds();
	const places = weightedPlaces();
	const agents: GeneratedAgent[] = [];
	let links = 0;
	let projects = 0;
	map.transact(() => {
		map.setMeta({
			name: `Mapa de prueba — ${n.toLocaleString('es-CO')} agentes (generado)`,
			description:
				'Mapa generado para medir el rendimiento: organizaciones ficticias agrupadas alrededor ' +
				'de lugares reales de Bogotá y Cundinamarca. No usar como fuente de información.',
			center: [-74.1, 4.68],
			zoom: 9
		});
		addCatalogue(map, catalogue);
		const names = new Map<string, number>();
		for (let i = 0; i < n; i++) agents.push(addAgent(map, rng, i, places, catalogue, names));
		links = addLinks(map, rng, agents, linkTarget);
		projects = addProjects(map, rng, agents, catalogue);
	});
	return {
		map,
		agentIds: agents.map((agent) => agent.id),
		counts: {
			agents: agents.length,
			links,
			areas: DEMO_AREAS.length,
			niches: catalogue.niches.length,
			networks: DEMO_NETWORKS.length,
			projects
		},
		generateMs: performance.now() - started
	};
}

// ── seeded randomness ───────────────────────────────────────────────────────────────────────

/** Picks from cumulative weights by binary search (places are picked 50,000 times). */
function weightedIndex(rng: Rng, cumulative: readonly number[]): number {
	const r = rng() * cumulative[cumulative.length - 1];
	let lo = 0;
	let hi = cumulative.length - 1;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (cumulative[mid] > r) hi = mid;
		else lo = mid + 1;
	}
	return lo;
}

function cumulate(weights: readonly number[]): number[] {
	let sum = 0;
	return weights.map((w) => (sum += w));
}

/** A normal deviate (Box–Muller), for clusters denser at the centre than at the edge. */
function gaussian(rng: Rng): number {
	return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

// ── catalogue and places ────────────────────────────────────────────────────────────────────

interface Catalogue {
	niches: { id: string; areaId: string; name: string }[];
	nichesByArea: Map<string, string[]>;
	networkIds: string[];
}

function catalogueIds(): Catalogue {
	const niches = DEMO_AREAS.flatMap((area) =>
		area.niches.map((niche) => ({ id: `niche-${niche.key}`, areaId: `area-${area.key}`, name: niche.name }))
	);
	const nichesByArea = new Map<string, string[]>();
	for (const niche of niches) nichesByArea.set(niche.areaId, [...(nichesByArea.get(niche.areaId) ?? []), niche.id]);
	return { niches, nichesByArea, networkIds: DEMO_NETWORKS.map((network) => `network-${network.key}`) };
}

function addCatalogue(map: MapDocument, catalogue: Catalogue): void {
	DEMO_AREAS.forEach((area, order) => map.addArea({ id: `area-${area.key}`, name: area.name, color: area.color, order }));
	for (const niche of catalogue.niches) map.addNiche({ id: niche.id, name: niche.name, areaId: niche.areaId });
	for (const network of DEMO_NETWORKS) {
		map.addNetwork({ id: `network-${network.key}`, name: network.name, kind: network.kind, color: network.color });
	}
}

interface WeightedPlaces {
	places: Place[];
	cumulative: number[];
}

/**
 * About seven agents in ten in Bogotá's localities (weighted towards the business districts),
 * the rest in Cundinamarca's towns, the larger Sabana towns more than the rural ones.
 */
function weightedPlaces(): WeightedPlaces {
	const larger = new Set<string>(DEMO_MUNICIPALITIES);
	const places = PLACES.filter((place) => place.kind !== 'capital');
	const weights = places.map((place) =>
		place.kind === 'locality' ? 3 * (LOCALITY_WEIGHTS[place.name] ?? 1) : larger.has(place.name) ? 1.5 : 0.25
	);
	return { places, cumulative: cumulate(weights) };
}

const KM_PER_DEGREE = 111.32;

function scatter(rng: Rng, place: Place): LonLat {
	// Localities are bigger and denser than town centres; clip at three standard deviations.
	const sigmaKm = place.kind === 'locality' ? 1.2 : 0.8;
	const dx = Math.max(-3, Math.min(3, gaussian(rng))) * sigmaKm;
	const dy = Math.max(-3, Math.min(3, gaussian(rng))) * sigmaKm;
	const lat = place.lat + dy / KM_PER_DEGREE;
	const lon = place.lon + dx / (KM_PER_DEGREE * Math.cos((place.lat * Math.PI) / 180));
	return [lon, lat];
}

// ── agents ──────────────────────────────────────────────────────────────────────────────────

interface GeneratedAgent {
	id: string;
	index: number;
	sector: Sector;
	place: number;
	areaIds: string[];
	nicheIds: string[];
	hub: boolean;
}

const SECTOR_CUMULATIVE = cumulate(SECTORS.map((sector) => SECTOR_WEIGHTS[sector]));
const EXTRA_SENTENCES = [
	'Participa en mesas de trabajo del clúster regional.',
	'Busca aliados para proyectos de innovación abierta.',
	'Ofrece formación y asistencia técnica a pymes.',
	'Tiene experiencia en proyectos con cooperación internacional.',
	'Exporta a la región andina y a Centroamérica.',
	'Lidera un laboratorio con empresas y universidades.'
] as const;

function addAgent(
	map: MapDocument,
	rng: Rng,
	index: number,
	{ places, cumulative }: WeightedPlaces,
	catalogue: Catalogue,
	names: Map<string, number>
): GeneratedAgent {
	const sector = SECTORS[weightedIndex(rng, SECTOR_CUMULATIVE)];
	const placeIndex = weightedIndex(rng, cumulative);
	const place = places[placeIndex];
	const areas = sample(rng, DEMO_AREAS, rng() < 0.3 ? 2 : 1);
	const areaIds = areas.map((area) => `area-${area.key}`);
	const nichePool = areaIds.flatMap((id) => catalogue.nichesByArea.get(id) ?? []);
	const nicheIds = sample(rng, nichePool, rng() < 0.4 ? 2 : 1);
	const name = uniqueName(
		pick(rng, SECTOR_PATTERNS[sector]).replace('{root}', pick(rng, NAME_ROOTS)).replace('{trade}', pick(rng, areas[0].trades)),
		names
	);
	const slug = slugify(name);
	const domain = `${slug}.${rng() < 0.5 ? 'example.org' : 'example.com'}`;
	const inBogota = place.department === 'Bogotá D.C.';
	const street = `${pick(rng, STREETS)} ${between(rng, 1, inBogota ? 170 : 30)} # ${between(rng, 1, inBogota ? 120 : 25)}-${between(rng, 2, 90)}`;
	const work = nicheIds.map((id) => catalogue.niches.find((niche) => niche.id === id)!.name.toLowerCase()).join(' y ');
	const id = map.addAgent({
		id: agentId(index),
		name,
		sector,
		position: scatter(rng, place),
		address: `${street}, ${place.name}, ${inBogota ? 'Bogotá D.C.' : 'Cundinamarca'}`,
		municipality: inBogota ? 'Bogotá D.C.' : place.name,
		website: `https://${domain}`,
		contact: `contacto@${domain}`,
		description:
			`${SECTOR_ROLES[sector]} que trabaja en ${work}, con sede en ${place.name}. ` +
			`${pick(rng, EXTRA_SENTENCES)} Organización ficticia, generada para pruebas de rendimiento.`,
		areaIds,
		nicheIds,
		networkIds: sample(rng, catalogue.networkIds, pick(rng, [0, 1, 1, 1, 2, 2])),
		tags: sample(rng, DEMO_TAGS, between(rng, 1, 3))
	});
	return { id, index, sector, place: placeIndex, areaIds, nicheIds, hub: index % HUB_EVERY === 0 };
}

function uniqueName(base: string, names: Map<string, number>): string {
	const seen = names.get(base) ?? 0;
	names.set(base, seen + 1);
	return seen === 0 ? base : `${base} ${seen + 1}`;
}

// ── links and projects ──────────────────────────────────────────────────────────────────────

function addLinks(map: MapDocument, rng: Rng, agents: readonly GeneratedAgent[], target: number): number {
	const byPlace = new Map<number, GeneratedAgent[]>();
	const byArea = new Map<string, GeneratedAgent[]>();
	for (const agent of agents) {
		push(byPlace, agent.place, agent);
		for (const area of agent.areaIds) push(byArea, area, agent);
	}
	const hubs = agents.filter((agent) => agent.hub);
	const n = agents.length;
	// At most n(n−1)/2 distinct pairs exist; a tiny map cannot hold 4 links per agent.
	const wanted = Math.min(target, (n * (n - 1)) / 2);
	const pairs = new Set<number>();
	for (let attempt = 0; pairs.size < wanted && attempt < wanted * 20; attempt++) {
		// Hubs start a fifth of the links; half stay in the town, a third in the area.
		const a = rng() < 0.2 && hubs.length > 0 ? pick(rng, hubs) : pick(rng, agents);
		const r = rng();
		const b =
			r < 0.5 ? pick(rng, byPlace.get(a.place)!) : r < 0.8 ? pick(rng, byArea.get(pick(rng, a.areaIds))!) : r < 0.9 && hubs.length > 0 ? pick(rng, hubs) : pick(rng, agents);
		if (a === b) continue;
		const pair = Math.min(a.index, b.index) * n + Math.max(a.index, b.index);
		if (pairs.has(pair)) continue;
		pairs.add(pair);
		map.addLink({
			id: `link-${String(pairs.size).padStart(AGENT_ID_DIGITS + 1, '0')}`,
			from: a.id,
			to: b.id,
			kind: linkKind(rng, a.sector, b.sector),
			weight: between(rng, 1, 5),
			note: pick(rng, LINK_NOTES),
			since: rng() < 0.2 ? '' : `${between(rng, 2010, 2025)}-${pad2(between(rng, 1, 12))}-${pad2(between(rng, 1, 28))}`
		});
	}
	return pairs.size;
}

function push<K, V>(groups: Map<K, V[]>, key: K, value: V): V[] {
	let group = groups.get(key);
	if (!group) groups.set(key, (group = []));
	group.push(value);
	return group;
}

/** Three to six projects per niche, each with three to eight agents of that niche. */
function addProjects(map: MapDocument, rng: Rng, agents: readonly GeneratedAgent[], catalogue: Catalogue): number {
	const byNiche = new Map<string, GeneratedAgent[]>();
	for (const agent of agents) for (const niche of agent.nicheIds) push(byNiche, niche, agent);
	let count = 0;
	for (const niche of catalogue.niches) {
		const members = byNiche.get(niche.id) ?? [];
		if (members.length === 0) continue;
		sample(rng, PROJECT_PATTERNS, between(rng, 3, 6)).forEach((pattern, n) => {
			map.addProject({
				id: `project-${niche.id.replace(/^niche-/, '')}-${n + 1}`,
				name: pattern.replace('{niche}', niche.name.toLowerCase()),
				nicheId: niche.id,
				status: pick(rng, PROJECT_STATUSES),
				// Sampling from the first thousand members keeps this cheap at 50,000 agents.
				agentIds: sample(rng, members.slice(0, 1000), between(rng, 3, 8)).map((agent) => agent.id)
			});
			count++;
		});
	}
	return count;
}
