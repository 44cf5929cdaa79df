/**
 * One open map in the browser: the Y.Doc, its offline replica (IndexedDB), its live
 * connection (the y-websocket protocol), undo, and the reactive views the UI reads. This is the only place
 * where Yjs events become Svelte state; components read typed values, never Y types.
 */
import { t } from '#lib/i18n/i18n.svelte.ts';
import * as Y from 'yjs';
import {
	MapDocument,
	type Agent,
	type Area,
	type ChangeSet,
	type Interaction,
	type Link,
	type MapMeta,
	type Network,
	type Niche,
	type Project
} from '#lib/model/index.ts';
import { EditAcknowledgements } from './edit-acks.ts';
import { LiveProvider } from './live-provider.ts';
import { LocalReplica } from './local-replica.ts';
import { Presence } from './presence.svelte.ts';
import { quietSyncs } from './quiet-sync.ts';
import { replicaHeld } from './replica-held.ts';
import type { Identity } from './identity.ts';

export type ConnectionStatus = 'connecting' | 'connected' | 'offline';

/** The server holds edits it cannot store yet (disk full, database unreachable). */
export interface SaveProblem {
	/** When storing started to fail (ms since the epoch, the server's clock). */
	since: number;
	/** Edits the server holds in memory, not yet stored. */
	unsaved: number;
}

/**
 * The field of the server's own presence state while it cannot store edits; the server sets
 * it in server/collab/room.ts (SERVER_STATUS_FIELD in server/collab/protocol.ts).
 */
const SERVER_STATUS_FIELD = 'tejidoServer';

/** How long the connection waits for the replica to load before it goes ahead without it. */
const REPLICA_WAIT_MS = 4000;

/** Server close codes after which reconnecting cannot help (server/collab/room.ts CLOSE). */
const FINAL_CLOSES = new Set([4400, 4401, 4404, 4410, 4413]);

/**
 * How long a large sync may wait for `readAfter` at most (the page's first view of a large map
 * is drawn, or has given up, within a few seconds of its arrival; this bounds a request that
 * hangs).
 */
const READ_AFTER_AT_MOST_MS = 15_000;

export class MapSession {
	readonly mapId: string;
	readonly doc = new Y.Doc();
	readonly map: MapDocument;
	readonly presence: Presence;
	private readonly provider: LiveProvider;
	/** Opened at once, or once a large map's first view is drawn (see `openReplicaWhenDue`). */
	private replica: LocalReplica | null = null;
	private readonly undoManager: Y.UndoManager;
	private readonly stopObserving: () => void;
	private readonly acks: EditAcknowledgements;
	private stopQuietSyncs = () => {};
	private readonly share: string | null;
	private lastAccessCheck = 0;

	#agents = $state.raw<ReadonlyMap<string, Agent>>(new Map());
	#links = $state.raw<ReadonlyMap<string, Link>>(new Map());
	#areas = $state.raw<Area[]>([]);
	#niches = $state.raw<Niche[]>([]);
	#networks = $state.raw<Network[]>([]);
	#meta = $state.raw<MapMeta | null>(null);
	#interactions = $state.raw<ReadonlyMap<string, Interaction>>(new Map());
	#projects = $state.raw<Project[]>([]);
	status = $state<ConnectionStatus>('connecting');
	/** The server has sent its state at least once in this session. */
	synced = $state(false);
	/** Something to show: the local replica or the server's state has arrived. */
	loaded = $state(false);
	/** Why the map cannot be used right now (deleted, access removed, damaged), or null. */
	failure = $state<string | null>(null);
	/** The map is stored in a format this code does not open: `failure` says which; nothing is sent. */
	formatRefused = $state(false);
	/** The server refused an edit past the map's size quota (4413); this page stopped sending. */
	mapFull = $state(false);
	canUndo = $state(false);
	canRedo = $state(false);
	/**
	 * Set while the server says it cannot store edits: they are kept (here, in this browser's
	 * replica, and in the server's memory) and stored when it can write again. Null otherwise.
	 */
	saveProblem = $state<SaveProblem | null>(null);
	#pendingEdits = $state(false);

	/**
	 * `share` is a read-only share-link token, for partners without an account. `upkeep`: this
	 * browser keeps the document up (see `MapDocument`); only for someone who may write, since
	 * the server drops anyone else's writes. By default, unless opened through a share link.
	 * `readAfter`: the page's first view of a large map is being drawn (src/lib/map/
	 * first-view/); a large sync from the server, whose reading holds the page for seconds,
	 * waits until it is drawn (or READ_AFTER_AT_MOST_MS).
	 */
	constructor(
		mapId: string,
		identity: Identity,
		options: { share?: string | null; upkeep?: boolean; readAfter?: Promise<unknown>; hiddenFields?: readonly string[] } = {}
	) {
		this.mapId = mapId;
		this.map = new MapDocument(this.doc, identity.name, { upkeep: options.upkeep ?? !options.share });
		const protocol = location.protocol === 'https:' ? 'wss' : 'ws';
		// Tabs of one browser meet through the server (no BroadcastChannel, whose link encodes the
		// whole map on every connect: 1.3 s at 50,000 agents), and share the replica.
		this.provider = new LiveProvider(`${protocol}://${location.host}/collab`, mapId, this.doc, {
			params: options.share ? { share: options.share } : {},
			// Permanent closes: 4400 (we sent garbage: do not
			// loop), 4404 (map deleted), 4401 (signed out), 4410 (access revoked or expired) and
			// 4413 (map full: reconnecting would send the refused edits again). 4403 (access
			// changed), 4408 (silent too long), 4417 (too slow to read) and 4429 (too many
			// messages or connections) mean "come back": reconnecting re-checks access and limits.
			shouldReconnect: (event: CloseEvent) => !FINAL_CLOSES.has(event.code)
		});
		// The page's first view of a large map is drawn before the map's document is read (it
		// holds the main thread for seconds); meanwhile the document is already on its way.
		const readAfter = options.readAfter && Promise.race([options.readAfter, delay(READ_AFTER_AT_MOST_MS)]);
		this.openReplicaWhenDue(replicaName(mapId, options.hiddenFields ?? (options.share ? ['contact'] : [])), readAfter);
		this.provider.on('status', ({ status }: { status: string }) => {
			this.status = status === 'connected' ? 'connected' : status === 'connecting' ? 'connecting' : 'offline';
		});
		this.provider.on('sync', (isSynced: boolean) => {
			if (isSynced) {
				this.synced = true;
				this.markLoaded();
			}
		});
		// The provider retries with back-off; after the first failed attempt we say "offline"
		// rather than leave "connecting" on screen for minutes.
		this.provider.on('connection-close', (event: CloseEvent | null) => {
			this.status = 'offline';
			void this.explainClose(event?.code ?? 0, event?.reason ?? '');
		});
		this.provider.on('connection-error', () => (this.status = 'offline'));
		this.share = options.share ?? null;
		this.presence = new Presence(this.provider.awareness, identity);
		// The awareness is destroyed with the presence, which drops this listener too.
		this.provider.awareness.on('change', () => (this.saveProblem = readSaveProblem(this.provider.awareness)));
		this.undoManager = this.map.createUndoManager();
		const updateUndo = () => {
			this.canUndo = this.undoManager.canUndo();
			this.canRedo = this.undoManager.canRedo();
		};
		this.undoManager.on('stack-item-added', updateUndo);
		this.undoManager.on('stack-item-popped', updateUndo);
		this.undoManager.on('stack-cleared', updateUndo);
		this.refreshAll();
		this.acks = new EditAcknowledgements(this.provider, (pending) => (this.#pendingEdits = pending));
		this.stopObserving = this.map.observe((changes, local) => {
			this.refresh(changes);
			if (local) this.acks.edited();
		});
	}

	/** Opened through a share link: a copy of the map without personal fields, read-only. */
	get viaShareLink(): boolean {
		return this.share !== null;
	}

	/** This tab's edits are not all known to the server yet (kept here and in the replica). */
	get pendingEdits(): boolean {
		return this.#pendingEdits;
	}

	get agents(): ReadonlyMap<string, Agent> {
		return this.#agents;
	}
	/**
	 * The map itself is here: the server's state, or a replica that holds agents (a first
	 * visit's replica is empty, yet `loaded` at once).
	 */
	get hasMap(): boolean {
		return this.synced || (this.loaded && this.#agents.size > 0);
	}
	/** Links whose two ends are present (a link to a concurrently deleted agent is hidden). */
	get links(): ReadonlyMap<string, Link> {
		return this.#links;
	}
	get areas(): Area[] {
		return this.#areas;
	}
	get niches(): Niche[] {
		return this.#niches;
	}
	get networks(): Network[] {
		return this.#networks;
	}
	get meta(): MapMeta | null {
		return this.#meta;
	}
	/** The interaction register, by id (participants may include agents deleted concurrently). */
	get interactions(): ReadonlyMap<string, Interaction> {
		return this.#interactions;
	}
	get projects(): Project[] {
		return this.#projects;
	}
	undo(): void {
		this.undoManager.undo();
	}

	redo(): void {
		this.undoManager.redo();
	}

	/** Lets the next edit start a new undo step even if it follows quickly. */
	stopUndoCapture(): void {
		this.undoManager.stopCapturing();
	}

	destroy(): void {
		this.stopObserving();
		this.acks.destroy();
		this.stopQuietSyncs();
		this.undoManager.destroy();
		this.presence.destroy();
		this.provider.destroy();
		void this.replica?.destroy();
		this.doc.destroy();
	}

	/**
	 * A browser cannot read why a websocket upgrade was refused (401/403/404 all look like a
	 * dropped connection), so after a close we ask the API, at most every 10 s, whether the map
	 * is still ours to open; "offline" stays the answer when the server cannot be reached.
	 */
	private async explainClose(code: number, reason: string): Promise<void> {
		if (this.formatRefused) return;
		if (code === 4401 || code === 4410) {
			this.failure = t(code === 4401 ? 'connection.signedOut' : 'connection.revoked');
			this.provider.disconnect();
			return;
		}
		if (code === 4413) {
			this.mapFull = true;
			return;
		}
		if (code === 4404 || code === 4503) {
			this.failure = reason || `closed (${code})`;
			if (code === 4404) this.provider.disconnect();
			return;
		}
		const now = Date.now();
		if (now - this.lastAccessCheck < 10_000) return;
		this.lastAccessCheck = now;
		const query = this.share ? `?share=${encodeURIComponent(this.share)}` : '';
		try {
			const response = await fetch(`/api/maps/${encodeURIComponent(this.mapId)}${query}`);
			if ([401, 403, 404].includes(response.status)) {
				const body = await response.json().catch(() => ({}));
				this.failure = typeof body.error === 'string' ? body.error : `HTTP ${response.status}`;
				this.provider.disconnect();
			} else if (response.ok) {
				this.failure = null;
			}
		} catch {
			// Unreachable: we are offline, which the status already says.
		}
	}

	/**
	 * Opens the replica, and connects once it is read. A replica this browser already holds is
	 * the whole map, read as one update: with a first view to draw (`readAfter`), it is read
	 * after the drawing, as the server's would be, and the connection waits with it (a
	 * connection made before would bring the whole map again instead of a difference).
	 * Otherwise (a first visit, a small map) it opens at once.
	 */
	private openReplicaWhenDue(name: string, readAfter: Promise<unknown> | undefined): void {
		const open = () => this.openReplica(name, readAfter);
		if (!readAfter) return open();
		void replicaHeld(name).then((held) => (held ? readAfter.then(open, open) : open()));
	}

	private openReplica(name: string, readAfter: Promise<unknown> | undefined): void {
		if (this.doc.isDestroyed) return;
		const replica = (this.replica = new LocalReplica(name, this.doc));
		replica.whenSynced.then(() => this.markLoaded());
		this.stopQuietSyncs = quietSyncs(this.provider, replica, { readAfter });
		// The replica goes into the document before the server is asked for what this tab
		// lacks: the server then sends a difference instead of the whole map (90 MB at 50,000
		// agents) and the replica loads on the quiet path. A replica that cannot open (IndexedDB
		// refused) or is slow does not hold the connection back for long.
		const connect = () => {
			if (!this.doc.isDestroyed && !this.formatRefused) this.provider.connect();
		};
		const failedToOpen = replica.opened.then(() => new Promise<never>(() => {}));
		void Promise.race([replica.whenSynced, delay(REPLICA_WAIT_MS), failedToOpen]).then(connect, connect);
	}

	private markLoaded(): void {
		if (!this.loaded) this.refreshAll();
		this.loaded = true;
	}

	private refreshAll(): void {
		this.#agents = new Map(this.map.agents().map((agent) => [agent.id, agent]));
		this.#links = this.visibleLinks(new Map(this.map.links().map((link) => [link.id, link])));
		this.#areas = this.map.areas();
		this.#niches = this.map.niches();
		this.#networks = this.map.networks();
		this.#meta = this.map.readMeta();
		this.refuseUnsupportedFormat();
		this.#interactions = new Map(this.map.register.interactions().map((interaction) => [interaction.id, interaction]));
		this.#projects = this.map.projects();
	}

	/** Re-reads only the entities a transaction touched. */
	private refresh(changes: ChangeSet): void {
		// Agents that appeared or went: the only agent changes that show or hide links.
		const comeOrGone = new Set<string>();
		if (changes.agents) {
			const agents = new Map(this.#agents);
			for (const id of changes.agents) {
				const agent = this.map.agent(id);
				if (agents.has(id) !== (agent !== null)) comeOrGone.add(id);
				if (agent) agents.set(id, agent);
				else agents.delete(id);
			}
			this.#agents = agents;
		}
		// An edit of an agent's fields leaves the links alone: looking through every link of the
		// map for it took 0.4 s per edit at 200,000 links.
		if (changes.links || comeOrGone.size > 0) {
			const links = new Map(this.#links);
			for (const id of changes.links ?? []) {
				const link = this.map.link(id);
				if (link) links.set(id, link);
				else links.delete(id);
			}
			this.#links = this.visibleLinks(links, comeOrGone);
		}
		if (changes.areas) this.#areas = this.map.areas();
		if (changes.niches) this.#niches = this.map.niches();
		if (changes.networks) this.#networks = this.map.networks();
		if (changes.meta) {
			this.#meta = this.map.readMeta();
			this.refuseUnsupportedFormat();
		}
		if (changes.interactions) {
			const interactions = new Map(this.#interactions);
			for (const id of changes.interactions) {
				const interaction = this.map.register.interaction(id);
				if (interaction) interactions.set(id, interaction);
				else interactions.delete(id);
			}
			this.#interactions = interactions;
		}
		if (changes.projects) this.#projects = this.map.projects();
	}

	/** A map stored in a format this code does not open is refused: the page says so and sends nothing. */
	private refuseUnsupportedFormat(): void {
		const format = this.map.unsupportedFormat();
		if (!format) return;
		this.formatRefused = true;
		this.status = 'offline';
		this.failure = t(format === 'older' ? 'mapFormat.older' : 'mapFormat.newer');
		this.provider.disconnect();
	}

	/**
	 * Drops links with a missing end. When agents came or went, links that point at them are
	 * re-checked (and brought back when an undo restores the agent).
	 */
	private visibleLinks(links: Map<string, Link>, changedAgents?: Set<string>): Map<string, Link> {
		if (changedAgents?.size) {
			for (const id of this.map.ids('links')) {
				if (links.has(id)) continue;
				const link = this.map.link(id);
				if (link && (changedAgents.has(link.from) || changedAgents.has(link.to))) links.set(id, link);
			}
		}
		for (const [id, link] of links) {
			if (!this.#agents.has(link.from) || !this.#agents.has(link.to)) links.delete(id);
		}
		return links;
	}
}

const delay = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** The server's saving status among the presence states (peers' states never carry it). */
function readSaveProblem(awareness: LiveProvider['awareness']): SaveProblem | null {
	for (const [clientId, state] of awareness.getStates()) {
		if (clientId === awareness.clientID) continue;
		const status: unknown = state?.[SERVER_STATUS_FIELD];
		if (typeof status !== 'object' || status === null) continue;
		const { saving, since, unsaved } = status as Record<string, unknown>;
		if (saving !== 'failing') continue;
		return {
			since: typeof since === 'number' && Number.isFinite(since) ? since : Date.now(),
			unsaved: typeof unsaved === 'number' && Number.isFinite(unsaved) ? unsaved : 0
		};
	}
	return null;
}

/**
 * The browser's replica of a map: a copy without personal fields (a share link's) is kept
 * apart, per set of hidden fields, so it never mixes with a member's full copy (a writer
 * holding records without their values could write them back so) and a change of the
 * owner's marks starts a fresh one.
 */
function replicaName(mapId: string, hidden: readonly string[]): string {
	return hidden.length === 0 ? `tejido:${mapId}` : `tejido:${mapId}:without:${[...hidden].sort().join(',')}`;
}
