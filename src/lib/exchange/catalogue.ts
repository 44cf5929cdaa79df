/**
 * Resolving the area, niche, network and project names of imported rows to the map's ids.
 * A name the map lacks can still be created: from the catalogue a Tejido export carries (with
 * its colour, kind and parent), or, when the user asks for it, as a new entry (a niche under
 * the row's first area, a project under the row's first niche). A row only creates what it
 * uses, and only once it is accepted: `resolve` plans an entry, `commit` keeps it.
 */
import { newId, type Area, type Network, type NetworkKind, type Niche, type Project, type ProjectStatus } from '../model/index.ts';
import type { FileCatalogue } from './types.ts';
import { normalizeKey } from './values.ts';

export type CatalogueKind = 'areas' | 'niches' | 'networks' | 'projects';
export const CATALOGUE_KINDS: readonly CatalogueKind[] = ['areas', 'niches', 'networks', 'projects'];

export interface Entry {
	kind: CatalogueKind;
	id: string;
	name: string;
	/** False for an entry this import would create. */
	exists: boolean;
	parent?: Entry;
	/** Position in the file's catalogue, so new areas keep the order the file gives them. */
	rank?: number;
	color?: string;
	networkKind?: NetworkKind;
	status?: ProjectStatus;
}

// Distinct, readable on the basemap; new areas and networks take them in turn.
const PALETTE = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#1f78b4'];

export class CatalogueResolver {
	private readonly known: Record<CatalogueKind, Map<string, Entry>>;
	private readonly byId: Record<CatalogueKind, Map<string, Entry>>;
	private readonly planned: Record<CatalogueKind, Map<string, Entry>> = {
		areas: new Map(),
		niches: new Map(),
		networks: new Map(),
		projects: new Map()
	};
	/** New entries kept by accepted rows, in the order they must be written (parents first). */
	readonly created: Entry[] = [];
	private readonly file: FileCatalogue | null;
	private readonly createMissing: boolean;
	private colours = 0;

	constructor(
		map: { areas: readonly Area[]; niches: readonly Niche[]; networks: readonly Network[]; projects: readonly Project[] },
		file: FileCatalogue | null,
		createMissing: boolean
	) {
		this.file = file;
		this.createMissing = createMissing;
		const index = (kind: CatalogueKind, items: readonly { id: string; name: string }[]) =>
			new Map(items.filter((item) => item.name).map((item) => [normalizeKey(item.name), { kind, id: item.id, name: item.name, exists: true }]));
		this.known = {
			areas: index('areas', map.areas),
			niches: index('niches', map.niches),
			networks: index('networks', map.networks),
			projects: index('projects', map.projects)
		};
		const ids = (kind: CatalogueKind) => new Map([...this.known[kind].values()].map((entry) => [entry.id, entry]));
		this.byId = { areas: ids('areas'), niches: ids('niches'), networks: ids('networks'), projects: ids('projects') };
	}

	/** The map's entry with this id: where a value the person mapped goes. */
	existing(kind: CatalogueKind, id: string): Entry | null {
		return this.byId[kind].get(id) ?? null;
	}

	/** Whether the name resolves by itself (the map has it, give or take case and accents). */
	knows(kind: CatalogueKind, name: string): boolean {
		return this.known[kind].has(normalizeKey(name));
	}

	/**
	 * The entry a name stands for, existing or planned; `null` when it cannot be had. `parent`
	 * is the row's own area (for a niche) or niche (for a project), used only for a new entry.
	 */
	resolve(kind: CatalogueKind, name: string, parent?: Entry, create = this.createMissing): Entry | null {
		const key = normalizeKey(name);
		if (!key) return null;
		const found = this.known[kind].get(key) ?? this.planned[kind].get(key);
		if (found) return found;
		const entry = this.fromFile(kind, key) ?? (create ? this.fresh(kind, name.trim(), parent) : null);
		if (entry) this.planned[kind].set(key, entry);
		return entry;
	}

	/** Keeps the planned entries an accepted row uses (and their parents). */
	commit(entries: readonly Entry[]): void {
		for (const entry of entries) {
			if (entry.exists) continue;
			if (entry.parent) this.commit([entry.parent]);
			entry.exists = true;
			this.known[entry.kind].set(normalizeKey(entry.name), entry);
			this.planned[entry.kind].delete(normalizeKey(entry.name));
			this.created.push(entry);
		}
	}

	private fromFile(kind: CatalogueKind, key: string): Entry | null {
		const file = this.file;
		if (!file) return null;
		const base = { kind, id: newId(), exists: false };
		if (kind === 'areas') {
			const rank = file.areas.findIndex((a) => normalizeKey(a.name) === key);
			return rank >= 0 ? { ...base, name: file.areas[rank].name, color: file.areas[rank].color, rank } : null;
		}
		if (kind === 'networks') {
			const network = file.networks.find((n) => normalizeKey(n.name) === key);
			return network ? { ...base, name: network.name, color: network.color, networkKind: network.kind } : null;
		}
		if (kind === 'niches') {
			const niche = file.niches.find((n) => normalizeKey(n.name) === key);
			const parent = niche ? this.resolve('areas', niche.area) : null;
			return niche && parent ? { ...base, name: niche.name, parent } : null;
		}
		const project = file.projects.find((p) => normalizeKey(p.name) === key);
		const parent = project ? this.resolve('niches', project.niche) : null;
		return project && parent ? { ...base, name: project.name, parent, status: project.status } : null;
	}

	private fresh(kind: CatalogueKind, name: string, parent?: Entry): Entry | null {
		const base = { kind, id: newId(), name: name.slice(0, 200), exists: false };
		if (kind === 'areas') return { ...base, color: this.nextColour() };
		if (kind === 'networks') return { ...base, color: this.nextColour(), networkKind: 'other' };
		if (kind === 'niches') return parent?.kind === 'areas' ? { ...base, parent } : null;
		return parent?.kind === 'niches' ? { ...base, parent, status: 'idea' } : null;
	}

	private nextColour(): string {
		return PALETTE[this.colours++ % PALETTE.length];
	}
}
