/**
 * A map's targets ("50 instruments by 2027"), which only its owners set:
 *
 *   GET    /api/maps/:mapId/targets             anyone who may read the map (share links too)
 *   POST   /api/maps/:mapId/targets             owners: { label, goal, from?, until, kinds }
 *   PATCH  /api/maps/:mapId/targets/:targetId   owners: any of those fields
 *   DELETE /api/maps/:mapId/targets/:targetId   owners
 *
 * Each route: authenticate → authorise with the map's role → validate (the model's rules,
 * src/lib/model/register.ts) → one store call → response. Cross-site writes are refused
 * before any route (request-guards.ts).
 */
import type { Context, Hono } from 'hono';
import { isDenial, resolveMapAccess, type MapAccess } from '../auth/map-access.ts';
import { can } from '../auth/permissions.ts';
import { log } from '../log.ts';
import { InvalidTarget, MAX_TARGETS, cleanTarget, newId, type Target, type TargetField, type TargetInput } from '../../src/lib/model/index.ts';
import type { AppEnv } from './app-env.ts';
import { readJson } from './body.ts';
import { mapTargets, type TargetsDeps } from './map-targets.ts';

const FIELDS: readonly TargetField[] = ['label', 'goal', 'from', 'until', 'kinds'];
const FIELD_NAMES: Record<TargetField, string> = {
	label: 'name',
	goal: 'goal',
	from: 'start date',
	until: 'end date',
	kinds: 'kinds of interaction'
};
const OWNERS_ONLY = 'Only the map’s owners can change its targets. Ask an owner.';
const ARCHIVED = 'This map is archived, so its targets cannot change. An owner can restore the map first.';
const GONE = 'This target no longer exists (another owner may have deleted it). Reload the page.';
const UNREADABLE = 'The targets could not be read right now. Try again in a moment; if it persists, tell an operator.';

export function mountTargets(app: Hono<AppEnv>, deps: TargetsDeps & { changed(mapId: string): void }): void {
	async function access(c: Context<AppEnv>): Promise<MapAccess | Response> {
		const found = await resolveMapAccess(deps.accounts, c.req.param('mapId') ?? '', {
			user: c.get('session')?.user ?? null,
			shareToken: c.get('shareToken')
		});
		return isDenial(found) ? c.json({ error: found.message }, found.status) : found;
	}

	/** The owner's access, or the refusal to answer with. */
	async function ownerOnly(c: Context<AppEnv>): Promise<Response | null> {
		const found = await access(c);
		if (found instanceof Response) return found;
		if (!can(found.role, 'manage')) return c.json({ error: OWNERS_ONLY }, 403);
		if (!found.canWrite) return c.json({ error: ARCHIVED, code: 'archived' }, 409);
		return null;
	}

	/** The current targets (carried over from the document first if need be), or a 503. */
	async function current(c: Context<AppEnv>): Promise<Target[] | Response> {
		const mapId = c.req.param('mapId')!;
		try {
			return await mapTargets(deps, mapId);
		} catch (error) {
			log('error', 'could not read a map’s targets', { map: mapId, error });
			return c.json({ error: UNREADABLE }, 503);
		}
	}

	app.get('/api/maps/:mapId/targets', async (c) => {
		const found = await access(c);
		if (found instanceof Response) return found;
		const targets = await current(c);
		if (targets instanceof Response) return targets;
		c.header('Cache-Control', 'no-store');
		return c.json({ targets, canEdit: can(found.role, 'manage') && found.canWrite });
	});

	app.post('/api/maps/:mapId/targets', async (c) => {
		const refusal = await ownerOnly(c);
		if (refusal) return refusal;
		const body = await readJson(c);
		const targets = await current(c);
		if (targets instanceof Response) return targets;
		if (targets.length >= MAX_TARGETS) {
			return c.json({ error: `A map keeps at most ${MAX_TARGETS} targets. Delete one you no longer report on first.`, code: 'too-many' }, 409);
		}
		const clean = validated(c, { label: body.label, goal: body.goal, from: body.from ?? '', until: body.until, kinds: body.kinds });
		if (clean instanceof Response) return clean;
		const target = { id: newId(), ...clean };
		const mapId = c.req.param('mapId');
		await deps.accounts.addTarget(mapId, target);
		deps.changed(mapId);
		return c.json({ target }, 201);
	});

	app.patch('/api/maps/:mapId/targets/:targetId', async (c) => {
		const refusal = await ownerOnly(c);
		if (refusal) return refusal;
		const body = await readJson(c);
		const given = FIELDS.filter((field) => field in body);
		if (given.length === 0) return c.json({ error: `Send at least one of: ${FIELDS.join(', ')}.` }, 400);
		const targets = await current(c);
		if (targets instanceof Response) return targets;
		const { mapId, targetId } = c.req.param();
		const before = targets.find((target) => target.id === targetId);
		if (!before) return c.json({ error: GONE }, 404);
		const clean = validated(c, { ...before, ...Object.fromEntries(given.map((field) => [field, body[field]])) });
		if (clean instanceof Response) return clean;
		const target = { id: before.id, ...clean };
		if (!(await deps.accounts.replaceTarget(mapId, target))) return c.json({ error: GONE }, 404);
		deps.changed(mapId);
		return c.json({ target });
	});

	app.delete('/api/maps/:mapId/targets/:targetId', async (c) => {
		const refusal = await ownerOnly(c);
		if (refusal) return refusal;
		const targets = await current(c);
		if (targets instanceof Response) return targets;
		const { mapId, targetId } = c.req.param();
		if (!(await deps.accounts.deleteTarget(mapId, targetId))) return c.json({ error: GONE }, 404);
		deps.changed(mapId);
		return c.json({ ok: true });
	});
}

/** The target cleaned by the model's rules, or a 400 naming the field to correct. */
function validated(c: Context<AppEnv>, input: Record<string, unknown>): Omit<Target, 'id'> | Response {
	try {
		return cleanTarget(input as unknown as TargetInput);
	} catch (error) {
		if (!(error instanceof InvalidTarget)) throw error;
		return c.json({ error: `Check the target’s ${FIELD_NAMES[error.field]}: ${error.message}.`, field: error.field }, 400);
	}
}
