/**
 * The shape of a Tejido map: the one place that names the Yjs types and field keys.
 *
 * Agents and links, the collections that reach hundreds of thousands of entities, are records
 * appended to a `Y.Array` and folded per field (entity-records.ts); the small collections are a
 * top-level `Y.Map<id, Y.Map<field, value>>`. Both keep field-level merge: two people editing
 * different fields of one entity both keep their edit. Memberships merge member by member, so
 * concurrent additions both survive. A position is one `[lon, lat]` value, never two fields:
 * two concurrent moves must not mix into a point that nobody chose.
 */

/**
 * 2: agents and links are records (entity-records.ts). Version 1 (a `Y.Map` per agent and
 * link) is not opened: see `MapDocument.unsupportedFormat`.
 */
export const SCHEMA_VERSION = 2;

/** Top-level shared types of the document. */
export const COLLECTIONS = [
	'areas',
	'niches',
	'networks',
	'projects',
	'agents',
	'links',
	'interactions',
	// Read-only legacy: targets live on the server now (legacy-targets.ts).
	'targets'
] as const;
export type CollectionName = (typeof COLLECTIONS)[number];
export const META = 'meta';
/** Collections stored as append-only records (see entity-records.ts): their arrays' names. */
export const RECORD_ARRAYS = { agents: 'agent-records', links: 'link-records' } as const satisfies Partial<Record<CollectionName, string>>;

export const SECTORS = [
	'public',
	'private',
	'academia',
	'research',
	'civil-society',
	'international',
	'media',
	'other'
] as const;
export type Sector = (typeof SECTORS)[number];

export const LINK_KINDS = [
	'partnership',
	'funding',
	'agreement',
	'membership',
	'knowledge-transfer',
	'supply',
	'other'
] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

export const NETWORK_KINDS = ['city-network', 'programme', 'cooperation-agency', 'embassy', 'cluster', 'other'] as const;
export type NetworkKind = (typeof NETWORK_KINDS)[number];

export const PROJECT_STATUSES = ['idea', 'formulated', 'funded', 'running', 'done'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const INTERACTION_KINDS = [
	'meeting',
	'visit',
	'event',
	'agreement',
	'memorandum',
	'letter-of-intent',
	'network-membership',
	'project'
] as const;
export type InteractionKind = (typeof INTERACTION_KINDS)[number];

/**
 * The kinds that count as cooperation instruments: the "strategic instruments of international
 * cooperation" of Bogotá's internationalisation strategy (networks, agreements, memoranda of
 * understanding, letters of intent). Meetings, visits, events and projects are recorded too,
 * but are not instruments.
 */
export const INSTRUMENT_KINDS: readonly InteractionKind[] = ['agreement', 'memorandum', 'letter-of-intent', 'network-membership'];

/** `[longitude, latitude]` in WGS84 degrees, the GeoJSON order. */
export type LonLat = readonly [number, number];

export interface MapMeta {
	name: string;
	description: string;
	center: LonLat;
	zoom: number;
	schemaVersion: number;
}

export interface Area {
	id: string;
	name: string;
	color: string;
	order: number;
}

export interface Niche {
	id: string;
	name: string;
	areaId: string;
}

export interface Network {
	id: string;
	name: string;
	kind: NetworkKind;
	color: string;
}

export interface Project {
	id: string;
	name: string;
	nicheId: string;
	status: ProjectStatus;
	/** The agents for execution. */
	agentIds: string[];
	needs: string;
	resources: string;
}

export interface Agent {
	id: string;
	name: string;
	sector: Sector;
	position: LonLat;
	address: string;
	municipality: string;
	areaIds: string[];
	nicheIds: string[];
	networkIds: string[];
	website: string;
	contact: string;
	description: string;
	tags: string[];
	createdBy: string;
	createdAt: number;
	updatedBy: string;
	updatedAt: number;
}

export interface Link {
	id: string;
	from: string;
	to: string;
	kind: LinkKind;
	weight: number;
	note: string;
	since: string;
	/**
	 * When the link was drawn (ms) and by whom. The model always reads them (0 and empty for
	 * links drawn before they were recorded); optional so code that builds plain links for
	 * other purposes need not invent them.
	 */
	createdAt?: number;
	createdBy?: string;
}

/** A dated record between agents: a meeting, an agreement, a memorandum… */
export interface Interaction {
	id: string;
	kind: InteractionKind;
	/** `YYYY-MM-DD`; empty when the stored value is not a valid date. */
	date: string;
	title: string;
	participantIds: string[];
	areaId: string;
	nicheId: string;
	outcome: string;
	/** An http(s) address of the document (the signed agreement, the minutes), or empty. */
	documentUrl: string;
	createdBy: string;
	createdAt: number;
	updatedBy: string;
	updatedAt: number;
}

/**
 * A goal the team sets itself, e.g. "50 cooperation instruments by 2027": how many
 * interactions of the given kinds, dated from `from` (or ever) until `until`.
 */
export interface Target {
	id: string;
	label: string;
	kinds: InteractionKind[];
	goal: number;
	/** `YYYY-MM-DD` or empty (no start). */
	from: string;
	/** `YYYY-MM-DD`. */
	until: string;
}

/** The editable text fields of an agent, all plain strings. */
export const AGENT_TEXT_FIELDS = ['name', 'address', 'municipality', 'website', 'contact', 'description'] as const;
export type AgentTextField = (typeof AGENT_TEXT_FIELDS)[number];

/** The membership sets of an agent, each stored as `Y.Map<id, true>`. */
export const AGENT_SET_FIELDS = ['areaIds', 'nicheIds', 'networkIds', 'tags'] as const;
export type AgentSetField = (typeof AGENT_SET_FIELDS)[number];

/** Longest text accepted per field; longer values are cut when read (a hostile peer). */
export const MAX_TEXT: Record<string, number> = {
	name: 200,
	address: 300,
	municipality: 100,
	website: 500,
	contact: 500,
	description: 5000,
	note: 1000,
	tag: 60,
	color: 20,
	since: 10,
	title: 300,
	outcome: 2000,
	documentUrl: 500,
	needs: 2000,
	resources: 2000,
	label: 200
};
