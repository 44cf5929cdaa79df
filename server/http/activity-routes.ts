/**
 * The activity feed and an agent's earlier versions, built from the stored update log:
 *
 *   GET /api/maps/:mapId/activity?before=<seq>&limit=<n>        who did what, newest first
 *   GET /api/maps/:mapId/agents/:agentId/versions?limit=<n>     an agent after each edit
 *
 * Updates are digested (replayed and described, src/lib/history/digest.ts) when someone
 * asks, from where the last digest stopped, and the result is stored: each update is
 * replayed once. The feed joins the updates of one gesture (a drag, a typed name) into one
 * entry (src/lib/history/gestures.ts); `before` is the entry's oldest update, so pages
 * neither repeat nor lose one. Actors are stored as `user:<id>` / `share:<id>` and named here, at read time,
 * so a renamed account shows its current name. Members only: share links (partners) do not
 * see who edited.
 */
import type { Context, Hono } from 'hono';
import { isDenial, resolveMapAccess, type MapAccess } from '../auth/map-access.ts';
import { log } from '../log.ts';
import type { AccountStore } from '../store/account-store.ts';
import type { ActivityRecord, DocumentStore } from '../store/document-store.ts';
import { digestUpdates } from '../../src/lib/history/digest.ts';
import { readGesturePage } from '../../src/lib/history/gestures.ts';
import type { AppEnv } from './app-env.ts';

export interface ActivityDeps {
	store: DocumentStore;
	accounts: AccountStore;
}

/** Updates replayed per round: bounds memory and the time before the first round is saved. */
const DIGEST_BATCH = 500;
const MAX_LIMIT = 100;
/** Entities listed per update in the feed; an import of 1,000 agents shows 20 and a count. */
const ENTITIES_PER_UPDATE = 20;
/** Updates read per query while paging the feed, and at most per page (a longer drag is split). */
const FEED_BATCH = 200;
const FEED_MAX_RECORDS = 5000;

export interface Actor {
	kind: 'user' | 'share' | 'system';
	name: string;
}

export function mountActivity(app: Hono<AppEnv>, deps: ActivityDeps): void {
	const digesting = new Map<string, Promise<void>>();

	/** Digests what is new for a map; one run per map at a time in this process. */
	function catchUp(mapId: string): Promise<void> {
		let running = digesting.get(mapId);
		if (!running) {
			running = digestBacklog(deps.store, mapId).finally(() => digesting.delete(mapId));
			digesting.set(mapId, running);
		}
		return running;
	}

	async function authorize(c: Context<AppEnv>): Promise<Response | MapAccess> {
		const access = await resolveMapAccess(deps.accounts, c.req.param('mapId') ?? '', {
			user: c.get('session')?.user ?? null,
			shareToken: c.get('shareToken')
		});
		if (isDenial(access)) return c.json({ error: access.message }, access.status);
		if (access.via === 'share') return c.json({ error: 'Share links do not show who edited the map.' }, 403);
		return access;
	}

	app.get('/api/maps/:mapId/activity', async (c) => {
		const access = await authorize(c);
		if (access instanceof Response) return access;
		const mapId = c.req.param('mapId');
		const limit = clampLimit(c.req.query('limit'), 50);
		const before = Number(c.req.query('before'));
		await catchUp(mapId);
		const read = (beforeSeq: number | undefined, count: number) =>
			deps.store.listActivity(mapId, { beforeSeq, limit: count, entityLimit: ENTITIES_PER_UPDATE });
		const page = await readGesturePage(read, {
			before: Number.isSafeInteger(before) && before > 0 ? before : undefined,
			limit,
			batch: FEED_BATCH,
			maxRecords: FEED_MAX_RECORDS
		});
		const names = actorNames(deps.accounts);
		const items = await Promise.all(
			page.gestures.map(async (gesture) => ({
				seq: gesture.seq,
				at: gesture.at,
				from: gesture.from,
				updates: gesture.updates,
				actor: await names(gesture.actor),
				entityCount: gesture.entityCount,
				entities: gesture.entities.map(({ collection, id, action, name, fields }) => ({ collection, id, action, name, fields }))
			}))
		);
		c.header('Cache-Control', 'no-store');
		return c.json({ items, next: page.next });
	});

	app.get('/api/maps/:mapId/agents/:agentId/versions', async (c) => {
		const access = await authorize(c);
		if (access instanceof Response) return access;
		const { mapId, agentId } = c.req.param();
		await catchUp(mapId);
		const records = await deps.store.entityHistory(mapId, 'agents', agentId, clampLimit(c.req.query('limit'), 30));
		const names = actorNames(deps.accounts);
		// Personal values the caller may not see in earlier versions are withheld: what an editor
		// removed stays removed for viewers (they still see today's, on the map).
		const withheld = access.hidden.history;
		const versions = await Promise.all(records.map(async (record) => toVersion(record, await names(record.actor), withheld)));
		c.header('Cache-Control', 'no-store');
		return c.json({ versions, withheld });
	});
}

async function digestBacklog(store: DocumentStore, mapId: string): Promise<void> {
	// Bounded, in case another process keeps saving first: the feed then shows what is there.
	for (let round = 0; round < 1000; round++) {
		const backlog = await store.activityBacklog(mapId, DIGEST_BATCH);
		if (backlog.updates.length === 0) return;
		const digest = digestUpdates(backlog.state, backlog.updates);
		if (digest.damaged.length > 0) {
			log('warn', 'stored updates could not be read for the activity feed; shown as touching nothing', { map: mapId, seqs: digest.damaged });
		}
		// False when another process digested meanwhile: the next round starts from its state.
		await store.saveActivity(mapId, digest.records, digest.state, backlog.version);
	}
}

function toVersion(record: ActivityRecord, actor: Actor, withheld: readonly string[]) {
	const entity = record.entities[0];
	let value: unknown = null;
	try {
		value = entity?.value ? JSON.parse(entity.value) : null;
	} catch {
		// Shown without fields (not restorable) rather than failing the whole list.
	}
	if (value && typeof value === 'object') for (const field of withheld) delete (value as Record<string, unknown>)[field];
	return { seq: record.seq, at: record.at, actor, action: entity?.action ?? 'changed', fields: entity?.fields ?? [], value };
}

function clampLimit(value: string | undefined, fallback: number): number {
	const n = Number(value);
	return Number.isInteger(n) && n > 0 ? Math.min(n, MAX_LIMIT) : fallback;
}

/** Names actors, asking the account store once per user per request. */
function actorNames(accounts: AccountStore): (actor: string) => Promise<Actor> {
	const cache = new Map<string, Promise<Actor>>();
	return (actor) => {
		let found = cache.get(actor);
		if (!found) {
			found = nameOf(accounts, actor);
			cache.set(actor, found);
		}
		return found;
	};
}

async function nameOf(accounts: AccountStore, actor: string): Promise<Actor> {
	if (actor.startsWith('user:')) {
		const user = await accounts.userById(actor.slice(5));
		return { kind: 'user', name: user?.name ?? '' };
	}
	if (actor.startsWith('share:')) return { kind: 'share', name: '' };
	return { kind: 'system', name: actor === 'demo-seed' ? 'demo' : '' };
}
