/**
 * The typed API over one map's `Y.Doc`. Nothing outside `src/lib/model` touches Yjs names or
 * field keys: views read typed snapshots, edits go through these methods, each one a single
 * transaction tagged with this replica's origin so that `Y.UndoManager` undoes only the local
 * user's edits.
 */
import * as Y from 'yjs';
import {
	areaValues,
	cleanAgentInput,
	cleanAgentPatch,
	cleanMembers,
	cleanLinkInput,
	networkValues,
	nicheValues,
	prepareBatch,
	projectValues,
	writeAgent,
	writeAgentEdit,
	stampAgent,
	type AgentEdit,
	writeBatch,
	writeLink,
	writeSimple,
	type AgentPatch,
	type AreaInput,
	type EditBatch,
	type NetworkInput,
	type NicheInput,
	type ProjectInput
} from './batch.ts';
import { agentRecords, linkRecords, type FieldLookup, type RecordCollection } from './entity-records.ts';
import { RecordUndoManager } from './undo-manager.ts';
import { newId } from './ids.ts';
import {
	readAgent,
	readArea,
	readLink,
	readNetwork,
	readNiche,
	readProject,
	readAllOf,
	readAllRecords,
	readOneRecord,
	type Fields,
	type Reader
} from './read.ts';
import { removeFromSets } from './register.ts';
import { RegisterDocument } from './register-document.ts';
import {
	COLLECTIONS,
	LINK_KINDS,
	META,
	RECORD_ARRAYS,
	SCHEMA_VERSION,
	type Agent,
	type AgentSetField,
	type Area,
	type CollectionName,
	type LinkKind,
	type Link,
	type MapMeta,
	type Network,
	type Niche,
	type Project,
	type Sector
} from './schema.ts';
import {
	ModelError,
	cleanChoice,
	cleanId,
	cleanLonLat,
	cleanText,
	cleanWeight,
	isValidLonLat,
	type Issue
} from './validate.ts';

export interface AgentInput {
	name: string;
	position: readonly number[];
	sector?: Sector;
	address?: string;
	municipality?: string;
	website?: string;
	contact?: string;
	description?: string;
	areaIds?: string[];
	nicheIds?: string[];
	networkIds?: string[];
	tags?: string[];
	id?: string;
}

export interface LinkInput {
	from: string;
	to: string;
	kind?: LinkKind;
	weight?: number;
	note?: string;
	since?: string;
	id?: string;
}

/**
 * When an agent or link came onto the map, for a history written after the fact (the demo's
 * years of mapping): a time in ms, never later than now. Absent: now.
 */
export interface CreationOptions {
	createdAt?: number;
}

/** What changed in one transaction: the ids touched per collection. */
export type ChangeSet = Partial<Record<CollectionName | 'meta', Set<string>>>;

const DEFAULT_META: MapMeta = {
	name: '',
	description: '',
	center: [-74.08, 4.65],
	zoom: 9,
	schemaVersion: SCHEMA_VERSION
};

export class MapDocument {
	readonly doc: Y.Doc;
	/** The transaction origin of this replica's own edits (what undo tracks). */
	readonly origin: { actor: string };
	/** Interactions, strategic projects and targets: the register (same origin, same undo). */
	readonly register: RegisterDocument;
	/** Agents and links, as records (entity-records.ts). */
	private readonly agents_: RecordCollection;
	private readonly links_: RecordCollection;
	private depth = 0;

	/**
	 * `upkeep`: keep the document up: compact the records that others' edits have hidden
	 * (record-compaction.ts). For the browser's session; not for the server, whose records would be nobody's edit, nor for the
	 * activity digest, which replays history.
	 */
	constructor(doc: Y.Doc = new Y.Doc(), actor = 'anonymous', options: { upkeep?: boolean } = {}) {
		this.doc = doc;
		this.origin = { actor };
		this.register = new RegisterDocument(doc, this.origin);
		this.agents_ = agentRecords(doc);
		this.links_ = linkRecords(doc);
		if (options.upkeep) this.agents_.compacts = this.links_.compacts = true;
	}

	private collection(name: CollectionName): Y.Map<Fields> {
		return this.doc.getMap(name);
	}

	private get meta(): Y.Map<unknown> {
		return this.doc.getMap(META);
	}

	/**
	 * Runs `fn` as one transaction of this replica. The records it appends are pushed when the
	 * outermost call ends, in one piece (see entity-records.ts for why).
	 */
	transact(fn: () => void): void {
		this.doc.transact(() => {
			this.depth++;
			try {
				fn();
			} finally {
				this.depth--;
				if (this.depth === 0) {
					this.agents_.flush();
					this.links_.flush();
				}
			}
		}, this.origin);
	}

	// ── reading ────────────────────────────────────────────────────────────────────────────

	readMeta(): MapMeta {
		const center = this.meta.get('center');
		const zoom = this.meta.get('zoom');
		const name = this.meta.get('name');
		const description = this.meta.get('description');
		const version = this.meta.get('schemaVersion');
		return {
			name: typeof name === 'string' ? name.slice(0, 200) : DEFAULT_META.name,
			description: typeof description === 'string' ? description.slice(0, 5000) : '',
			center: isValidLonLat(center) ? [center[0], center[1]] : DEFAULT_META.center,
			zoom: typeof zoom === 'number' && zoom >= 0 && zoom <= 22 ? zoom : DEFAULT_META.zoom,
			schemaVersion: typeof version === 'number' ? version : SCHEMA_VERSION
		};
	}

	/**
	 * Whether this map is stored in a format this code does not open: 'older' (schema version 1,
	 * a `Y.Map` per agent and link, which is no longer read) or 'newer' (written by a later
	 * version of Tejido); null when it can be opened. A map without a version is a new one.
	 */
	unsupportedFormat(): 'older' | 'newer' | null {
		const version = this.meta.get('schemaVersion');
		if (typeof version !== 'number' || version === SCHEMA_VERSION) return null;
		if (version < SCHEMA_VERSION) return 'older';
		return version > SCHEMA_VERSION ? 'newer' : null;
	}

	agent(id: string, issues?: Issue[]): Agent | null {
		return readOneRecord(this.agents_, 'agents', id, readAgent, issues);
	}

	link(id: string, issues?: Issue[]): Link | null {
		return readOneRecord(this.links_, 'links', id, readLink, issues);
	}

	agents(issues?: Issue[]): Agent[] {
		return readAllRecords(this.agents_, 'agents', readAgent, issues);
	}

	/** Links whose two ends exist; a link to an agent deleted concurrently is not shown. */
	links(issues?: Issue[]): Link[] {
		return readAllRecords(this.links_, 'links', readLink, issues).filter(
			(link) => this.agents_.has(link.from) && this.agents_.has(link.to)
		);
	}

	areas(issues?: Issue[]): Area[] {
		return this.readAll('areas', readArea, issues).sort((a, b) => a.order - b.order);
	}

	niches(issues?: Issue[]): Niche[] {
		return this.readAll('niches', readNiche, issues);
	}

	networks(issues?: Issue[]): Network[] {
		return this.readAll('networks', readNetwork, issues);
	}

	projects(issues?: Issue[]): Project[] {
		return this.readAll('projects', readProject, issues);
	}


	/**
	 * Every collection as plain JSON, keys sorted: equal for two replicas in the same state.
	 * Record collections appear folded (what a reader sees), not as their records.
	 */
	toCanonicalJSON(): string {
		const all = Object.fromEntries([META, ...COLLECTIONS].map((name) => [name, this.doc.getMap(name).toJSON()]));
		all.agents = Object.fromEntries([...this.agents_.entries()].map(([id, fields]) => [id, foldedJSON(fields)]));
		all.links = Object.fromEntries([...this.links_.entries()].map(([id, fields]) => [id, foldedJSON(fields)]));
		return JSON.stringify(all, (_key, value) =>
			value && typeof value === 'object' && !Array.isArray(value)
				? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)))
				: value
		);
	}

	agentCount(): number {
		return this.agents_.size;
	}

	/** Raw ids, including entries that may not validate (for incremental views). */
	ids(name: CollectionName): string[] {
		if (name === 'links') return [...this.links_.ids()];
		if (name === 'agents') return [...this.agents_.ids()];
		return [...this.collection(name).keys()];
	}

	readEntity(name: 'agents', id: string, issues?: Issue[]): Agent | null;
	readEntity(name: 'links', id: string, issues?: Issue[]): Link | null;
	readEntity(name: 'agents' | 'links', id: string, issues?: Issue[]): Agent | Link | null {
		return name === 'agents' ? this.agent(id, issues) : this.link(id, issues);
	}

	private readAll<T>(name: CollectionName, read: Reader<T>, issues?: Issue[]): T[] {
		return readAllOf(this.doc, name, read, issues);
	}

	// ── observing ──────────────────────────────────────────────────────────────────────────

	/**
	 * Calls `listener` after every transaction with the ids it touched, so views can update
	 * only what changed. Returns the function that stops listening.
	 */
	observe(listener: (changes: ChangeSet, local: boolean) => void): () => void {
		let pending: ChangeSet = {};
		let touched = false;
		const handlers = COLLECTIONS.filter((name) => !(name in RECORD_ARRAYS)).map((name) => {
			const handler = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
				const ids = (pending[name] ??= new Set());
				for (const event of events) {
					// `path` is relative to the collection, so its first element is the entity id.
					if (event.path.length > 0) ids.add(String(event.path[0]));
					else for (const key of (event as Y.YMapEvent<unknown>).keysChanged) ids.add(key);
				}
				touched = true;
			};
			this.collection(name).observeDeep(handler);
			return () => this.collection(name).unobserveDeep(handler);
		});
		for (const [name, records] of [['agents', this.agents_], ['links', this.links_]] as const) {
			handlers.push(
				records.onChange((changes) => {
					const ids = (pending[name] ??= new Set());
					for (const change of changes) ids.add(change.id);
					touched = true;
				})
			);
		}
		const metaHandler = () => {
			pending.meta = new Set(['meta']);
			touched = true;
		};
		this.meta.observe(metaHandler);
		// Deep observers of one transaction run before `afterTransaction`: deliver them as one.
		const flush = (tx: Y.Transaction) => {
			if (!touched) return;
			const changes = pending;
			pending = {};
			touched = false;
			listener(changes, tx.origin === this.origin);
		};
		this.doc.on('afterTransaction', flush);
		return () => {
			for (const stop of handlers) stop();
			this.meta.unobserve(metaHandler);
			this.doc.off('afterTransaction', flush);
		};
	}

	/** An undo manager over the shared collections that undoes only this replica's edits. */
	createUndoManager(): Y.UndoManager {
		return new RecordUndoManager(
			[...COLLECTIONS.map((name) => this.collection(name) as Y.AbstractType<any>), this.agents_.array, this.links_.array],
			{ trackedOrigins: new Set([this.origin]), captureTimeout: 400 },
			[this.agents_, this.links_]
		);
	}

	// ── editing ────────────────────────────────────────────────────────────────────────────

	// Every edit checks all of its input before its transaction starts: Yjs keeps whatever a
	// transaction wrote before an exception, so a late refusal would leave half an edit behind.

	setMeta(patch: Partial<Omit<MapMeta, 'schemaVersion'>>): void {
		const clean: [string, unknown][] = [];
		if (patch.name !== undefined) clean.push(['name', cleanText(patch.name, 'name')]);
		if (patch.description !== undefined) clean.push(['description', cleanText(patch.description, 'description')]);
		if (patch.center !== undefined) clean.push(['center', cleanLonLat(patch.center)]);
		if (patch.zoom !== undefined) {
			if (!Number.isFinite(patch.zoom) || patch.zoom < 0 || patch.zoom > 22)
				throw new ModelError('invalid-value', 'zoom goes from 0 to 22');
			clean.push(['zoom', patch.zoom]);
		}
		this.transact(() => {
			for (const [key, value] of clean) this.meta.set(key, value);
			if (!this.meta.has('schemaVersion')) this.meta.set('schemaVersion', SCHEMA_VERSION);
		});
	}

	addAgent(input: AgentInput, options: CreationOptions = {}): string {
		const agent = cleanAgentInput(input);
		const createdAt = cleanCreatedAt(options.createdAt);
		this.transact(() => writeAgent(this.agents_, agent, this.origin.actor, createdAt));
		return agent.id;
	}

	/**
	 * Applies many edits as one transaction, so they are one undo step and no peer ever sees
	 * half of them. Every entry is checked before anything is written: on a `ModelError`
	 * nothing has changed.
	 */
	applyBatch(batch: EditBatch): void {
		const prepared = prepareBatch(this.doc, batch);
		this.transact(() => writeBatch(this.doc, prepared, this.origin.actor, Date.now()));
	}

	updateAgent(id: string, patch: AgentPatch): void {
		this.mustExist(id);
		const clean = cleanAgentPatch(patch);
		this.transact(() => this.editAgent(id, { values: clean }));
	}

	moveAgent(id: string, position: readonly number[]): void {
		this.mustExist(id);
		const clean = cleanLonLat(position);
		this.transact(() => this.editAgent(id, { position: clean }));
	}

	/** Adds or removes one member of an agent's set (areas, niches, networks or tags). */
	setMember(id: string, field: AgentSetField, member: string, present: boolean): void {
		this.mustExist(id);
		const value = field === 'tags' ? cleanText(member, 'tag') : member;
		if (!value) return;
		this.transact(() => {
			this.agents_.append(id, { [present ? 'add' : 'del']: { [field]: [value] } });
			stampAgent(this.agents_, id, this.origin.actor, Date.now());
		});
	}

	/**
	 * Makes an agent's set (areas, niches, networks or tags) equal to `members`, touching only
	 * the members that change, so a colleague's concurrent addition of another member survives.
	 */
	setMembers(id: string, field: AgentSetField, members: readonly string[]): void {
		this.mustExist(id);
		const wanted = cleanMembers(field, members);
		this.transact(() => this.editAgent(id, { members: [[field, wanted]] }));
	}

	/**
	 * Deletes an agent and, in the same transaction, its links, its project memberships and its
	 * place among interactions' participants (the interactions stay: they are the record).
	 */
	deleteAgent(id: string): void {
		if (!this.agents_.has(id)) return;
		this.transact(() => {
			this.agents_.append(id, { gone: true });
			for (const [linkId, fields] of this.links_.entries()) {
				if (fields.get('from') === id || fields.get('to') === id) this.links_.append(linkId, { gone: true });
			}
			removeFromSets(this.collection('projects'), 'agentIds', id);
			removeFromSets(this.collection('interactions'), 'participantIds', id);
		});
	}

	addLink(input: LinkInput, options: CreationOptions = {}): string {
		const link = cleanLinkInput(input, (id) => this.agents_.has(id));
		const createdAt = cleanCreatedAt(options.createdAt);
		this.transact(() => writeLink(this.links_, link, this.origin.actor, createdAt));
		return link.id;
	}

	updateLink(id: string, patch: { kind?: LinkKind; weight?: number; note?: string }): void {
		if (!this.links_.has(id)) throw new ModelError('invalid-value', 'this link no longer exists');
		const clean: [string, unknown][] = [];
		if (patch.kind !== undefined) clean.push(['kind', cleanChoice(patch.kind, LINK_KINDS, 'link kind')]);
		if (patch.weight !== undefined) clean.push(['weight', cleanWeight(patch.weight)]);
		if (patch.note !== undefined) clean.push(['note', cleanText(patch.note, 'note')]);
		if (clean.length > 0) this.transact(() => this.links_.append(id, { set: Object.fromEntries(clean) }));
	}

	deleteLink(id: string): void {
		if (this.links_.has(id)) this.transact(() => this.links_.append(id, { gone: true }));
	}

	addArea(input: AreaInput): string {
		return this.addSimple('areas', input.id, areaValues(input, this.collection('areas').size));
	}

	addNiche(input: NicheInput): string {
		return this.addSimple('niches', input.id, nicheValues(input));
	}

	addNetwork(input: NetworkInput): string {
		return this.addSimple('networks', input.id, networkValues(input));
	}

	addProject(input: ProjectInput): string {
		return this.addSimple('projects', input.id, projectValues(input));
	}

	/**
	 * Brings an agent back to an earlier version of its fields, as one new edit of this replica
	 * (so it can be undone like any other). An agent deleted since is created again under its
	 * id; its links are not: they were deleted with it and are edits of their own.
	 */
	restoreAgent(id: string, version: Omit<AgentInput, 'id'>): void {
		const clean = cleanAgentInput({ ...version, id });
		const fields = this.agents_.fields(id);
		this.transact(() => {
			if (!fields) {
				writeAgent(this.agents_, clean, this.origin.actor, Date.now());
				return;
			}
			const values: (readonly [string, string])[] = [['name', clean.name], ['sector', clean.sector], ...clean.texts];
			const members = Object.entries(clean.sets).map(([key, ids]) => [key as AgentSetField, new Set(ids)] as const);
			const position = fields.get('position');
			const moved = !isValidLonLat(position) || position[0] !== clean.position[0] || position[1] !== clean.position[1];
			this.editAgent(id, { values, members, position: moved ? clean.position : null });
		});
	}

	/** Adds an entity whose values are already clean; arrays become id sets. */
	private addSimple(name: CollectionName, id: string | undefined, values: Record<string, unknown>): string {
		const key = cleanId(id ?? newId());
		this.transact(() => writeSimple(this.collection(name), key, values));
		return key;
	}

	private mustExist(id: string): void {
		if (!this.agents_.has(id)) {
			throw new ModelError('unknown-agent', 'this agent no longer exists (someone may have deleted it)');
		}
	}

	private editAgent(id: string, edit: AgentEdit): void {
		writeAgentEdit(this.agents_, id, edit, this.origin.actor, Date.now());
	}
}

/** The fields of a folded entity as plain JSON. */
function foldedJSON(fields: FieldLookup): Record<string, unknown> {
	return Object.fromEntries([...fields.keys()].map((key) => [key, fields.get(key)]));
}

/** A creation time as given, or now; a time in the future or not a time is refused. */
function cleanCreatedAt(createdAt: number | undefined): number {
	const now = Date.now();
	if (createdAt === undefined) return now;
	if (!Number.isFinite(createdAt) || createdAt <= 0 || createdAt > now) {
		throw new ModelError('invalid-value', 'a creation time is a past time in milliseconds');
	}
	return createdAt;
}
