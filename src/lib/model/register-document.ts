/**
 * The register part of a map's document: interactions between agents and strategic projects
 * per niche (the targets they are counted against live on the server: legacy-targets.ts).
 * Reached as `MapDocument.register`; it shares the map's transaction origin, so its edits are
 * undone with the user's other edits.
 */
import * as Y from 'yjs';
import { agentRecords } from './entity-records.ts';
import { readInteraction, readProject, readAllOf, readOneOf, type Fields } from './read.ts';
import {
	cleanInteraction,
	cleanProjectPatch,
	newEntityId,
	writeValues,
	type CleanValues,
	type InteractionInput,
	type InteractionPatch,
	type ProjectPatch
} from './register.ts';
import type { CollectionName, Interaction, Project } from './schema.ts';
import { ModelError, type Issue } from './validate.ts';

export class RegisterDocument {
	private readonly doc: Y.Doc;
	private readonly origin: { actor: string };

	constructor(doc: Y.Doc, origin: { actor: string }) {
		this.doc = doc;
		this.origin = origin;
	}

	// ── reading ────────────────────────────────────────────────────────────────────────────

	/** The interaction register, oldest first (then by id, so every replica lists it alike). */
	interactions(issues?: Issue[]): Interaction[] {
		return readAllOf(this.doc, 'interactions', readInteraction, issues).sort(byDateThenId);
	}

	interaction(id: string, issues?: Issue[]): Interaction | null {
		return readOneOf(this.doc, 'interactions', id, readInteraction, issues);
	}

	project(id: string, issues?: Issue[]): Project | null {
		return readOneOf(this.doc, 'projects', id, readProject, issues);
	}

	// ── editing: each checks all of its input before its transaction starts ─────────────────

	/** Records an interaction between existing agents; returns its id. */
	addInteraction(input: InteractionInput): string {
		const id = newEntityId(input.id);
		if (this.collection('interactions').has(id)) throw new ModelError('invalid-value', `interaction ${id} already exists`);
		const clean = cleanInteraction(input, (agent) => this.agentExists(agent), true);
		const now = Date.now();
		this.transact(() => {
			const fields: Fields = new Y.Map();
			this.collection('interactions').set(id, fields);
			writeValues(fields, clean);
			fields.set('createdBy', this.origin.actor);
			fields.set('createdAt', now);
			fields.set('updatedBy', this.origin.actor);
			fields.set('updatedAt', now);
		});
		return id;
	}

	updateInteraction(id: string, patch: InteractionPatch): void {
		const fields = this.existing('interactions', id, 'this interaction no longer exists (someone may have deleted it)');
		const clean = cleanInteraction(patch, (agent) => this.agentExists(agent), false);
		this.transact(() => {
			writeValues(fields, clean);
			fields.set('updatedBy', this.origin.actor);
			fields.set('updatedAt', Date.now());
		});
	}

	deleteInteraction(id: string): void {
		this.deleteFrom('interactions', id);
	}

	/** Changes a strategic project: status, niche, needs, resources, agents for execution. */
	updateProject(id: string, patch: ProjectPatch): void {
		const fields = this.existing('projects', id, 'this project no longer exists (someone may have deleted it)');
		this.write(fields, cleanProjectPatch(patch, (agent) => this.agentExists(agent)));
	}

	deleteProject(id: string): void {
		this.deleteFrom('projects', id);
	}

	private collection(name: CollectionName): Y.Map<Fields> {
		return this.doc.getMap(name);
	}

	private transact(fn: () => void): void {
		this.doc.transact(fn, this.origin);
	}

	private write(fields: Fields, clean: CleanValues): void {
		this.transact(() => writeValues(fields, clean));
	}

	private deleteFrom(name: CollectionName, id: string): void {
		if (this.collection(name).has(id)) this.transact(() => this.collection(name).delete(id));
	}

	private agentExists(id: string): boolean {
		return agentRecords(this.doc).has(id);
	}

	private existing(name: CollectionName, id: string, gone: string): Fields {
		const fields = this.collection(name).get(id);
		if (!(fields instanceof Y.Map)) throw new ModelError('invalid-value', gone);
		return fields;
	}
}

function byDateThenId(a: Interaction, b: Interaction): number {
	if (a.date !== b.date) return a.date < b.date ? -1 : 1;
	return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
