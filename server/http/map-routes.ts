/**
 * Maps, members, invitations and share links. Each route: authenticate → authorise with the
 * map's role → validate → one store call → response.
 */
import type { Context, Hono } from 'hono';
import * as Y from 'yjs';
import { isDenial, resolveMapAccess, type MapAccess } from '../auth/map-access.ts';
import { can, isRole, type Action } from '../auth/permissions.ts';
import { hashSecret, newToken, parseToken, secretMatches } from '../auth/tokens.ts';
import type { Throttles } from '../auth/throttles.ts';
import type { LiveConnections } from '../collab/live-connections.ts';
import { CLOSE } from '../collab/room.ts';
import type { RoomRegistry } from '../collab/room-registry.ts';
import type { ServerConfig } from '../config.ts';
import type { AccountStore, LinkKind, LinkRecord, MapPatch } from '../store/account-store.ts';
import { StoreError, type DocumentStore } from '../store/document-store.ts';
import { log } from '../log.ts';
import { MapDocument, newId } from '../../src/lib/model/index.ts';
import { MARKABLE_PERSONAL } from '../../src/lib/model/personal-fields.ts';
import { seedSmartSpecialisationTemplate } from '../../src/lib/demo/s3-template.ts';
import type { AppEnv } from './app-env.ts';
import { EMAIL, tooManyAttempts } from './auth-routes.ts';
import { invitationMail, mailLocale } from '../mail/messages.ts';
import type { MailSender } from '../mail/sender.ts';
import { readJson, text } from './body.ts';
import { clientAddress } from './client-address.ts';

interface Deps {
	accounts: AccountStore;
	store: DocumentStore;
	registry: RoomRegistry;
	live: LiveConnections;
	throttles: Throttles;
	config: ServerConfig;
	mail: MailSender | null;
}

const DAY = 24 * 60 * 60 * 1000;

export function mountMaps(app: Hono<AppEnv>, { accounts, store, registry, live, throttles, config, mail }: Deps): void {
	/** Closes one principal's sockets on the map, on every process. */
	const closeSockets = (mapId: string, principal: string, code: number, reason: string) =>
		live.revoke({ kind: 'principal', mapId, principal, code, reason });

	/** Resolves the caller's access to :mapId and checks `action`; answers the refusal itself. */
	async function authorize(c: Context<AppEnv>, action: Action): Promise<MapAccess | Response> {
		const session = c.get('session');
		const access = await resolveMapAccess(accounts, c.req.param('mapId')!, {
			user: session?.user ?? null,
			shareToken: c.get('shareToken')
		});
		if (isDenial(access)) return c.json({ error: access.message }, access.status);
		const allowed = action === 'write' ? access.canWrite : can(access.role, action);
		if (!allowed) return c.json({ error: 'Your role on this map does not allow this. Ask an owner.' }, 403);
		return access;
	}

	app.get('/api/maps', async (c) => {
		const session = c.get('session');
		if (!session) return c.json({ error: 'Sign in to see your maps.' }, 401);
		return c.json({ maps: await accounts.mapsForUser(session.user.id) });
	});

	app.post('/api/maps', async (c) => {
		const session = c.get('session');
		if (!session) return c.json({ error: 'Sign in to create a map.' }, 401);
		const body = await readJson(c);
		const name = text(body, 'name', 200);
		if (!name) return c.json({ error: 'Give the map a name.', field: 'name' }, 400);
		const wait = await throttles.create('map', session.user.id, clientAddress(c, config.trustProxy));
		if (wait > 0) return tooManyAttempts(c, wait, 'new maps');
		const template = body.template === 's3' ? 's3' : 'empty';
		const id = newId();
		await store.createMap({ id, name, createdAt: Date.now() });
		await accounts.setMember(id, session.user.id, 'owner');
		const doc = new Y.Doc();
		const map = new MapDocument(doc, session.user.name);
		map.setMeta({ name });
		if (template === 's3') seedSmartSpecialisationTemplate(map);
		await store.appendUpdate(id, Y.encodeStateAsUpdate(doc), `user:${session.user.id}`);
		doc.destroy();
		return c.json({ map: { id, name, role: 'owner' } }, 201);
	});

	// "Make a copy to edit": a new map the caller owns, from the source's stored document (one
	// merged update, merged off the event loop); never its members, invitations or share links.
	app.post('/api/maps/:mapId/copy', async (c) => {
		const session = c.get('session');
		if (!session) return c.json({ error: 'Sign in to make a copy of this map.' }, 401);
		const access = await authorize(c, 'read');
		if (access instanceof Response) return access;
		if (access.via === 'share') {
			return c.json({ error: 'A share link lets you look at this map, not copy it. Ask its owner to invite you.' }, 403);
		}
		const body = c.req.header('content-type') ? await readJson(c) : {};
		const source = (await accounts.mapSettings(c.req.param('mapId')))!;
		const name = text(body, 'name', 200) || `Copy of ${source.name}`.slice(0, 200);
		const wait = await throttles.create('map', session.user.id, clientAddress(c, config.trustProxy));
		if (wait > 0) return tooManyAttempts(c, wait, 'new maps');
		let state: Uint8Array | null;
		try {
			state = await store.loadMerged(source.id);
		} catch (error) {
			if (!(error instanceof StoreError)) throw error;
			log('error', 'a map could not be read to copy it', { map: source.id, error });
			return c.json({ error: 'This map’s stored data could not be read, so it cannot be copied. Tell an operator.' }, 503);
		}
		const id = newId();
		await store.createMap({ id, name, createdAt: Date.now() });
		await accounts.setMember(id, session.user.id, 'owner');
		if (state) await store.appendUpdate(id, state, `user:${session.user.id}`);
		return c.json({ map: { id, name, role: 'owner' } }, 201);
	});

	app.get('/api/maps/:mapId', async (c) => {
		const access = await authorize(c, 'read');
		if (access instanceof Response) return access;
		const map = (await accounts.mapSettings(c.req.param('mapId')))!;
		// The map page asks with `open=1` just before it connects (other pages ask too).
		if (c.req.query('open') === '1') registry.prepare(map.id);
		return c.json({ ...map, role: access.role, canWrite: access.canWrite, via: access.via, hiddenFields: access.hidden.now });
	});

	app.patch('/api/maps/:mapId', async (c) => {
		const access = await authorize(c, 'manage');
		if (access instanceof Response) return access;
		const body = await readJson(c);
		const patch: MapPatch = {};
		if ('name' in body) {
			patch.name = text(body, 'name', 200);
			if (!patch.name) return c.json({ error: 'Give the map a name.', field: 'name' }, 400);
		}
		if ('archived' in body) patch.archivedAt = body.archived === true ? Date.now() : null;
		if ('personalFields' in body) {
			const fields = body.personalFields;
			const markable: readonly unknown[] = MARKABLE_PERSONAL;
			if (!Array.isArray(fields) || !fields.every((field) => markable.includes(field))) {
				return c.json({ error: `Personal fields are a list of: ${MARKABLE_PERSONAL.join(', ')} (the contact always is).`, field: 'personalFields' }, 400);
			}
			patch.personalFields = [...new Set(fields as string[])];
		}
		const mapId = c.req.param('mapId');
		await accounts.updateMap(mapId, patch);
		// Archiving makes the map read-only: reconnect everyone so the new rights apply.
		if ('archivedAt' in patch) registry.disconnect(mapId, () => true, 'The map’s settings changed');
		// Share links reconnect and are sent the map without the newly personal fields.
		else if ('personalFields' in patch) registry.disconnect(mapId, (actor) => actor.startsWith('share:'), 'The map’s settings changed');
		return c.json(await accounts.mapSettings(mapId));
	});

	app.delete('/api/maps/:mapId', async (c) => {
		const access = await authorize(c, 'manage');
		if (access instanceof Response) return access;
		const mapId = c.req.param('mapId');
		await registry.discard(mapId);
		await accounts.deleteMap(mapId);
		return c.json({ ok: true });
	});

	app.get('/api/maps/:mapId/members', async (c) => {
		const access = await authorize(c, 'read');
		if (access instanceof Response) return access;
		if (access.via === 'share') return c.json({ error: 'Share links do not show the map’s members.' }, 403);
		const members = await accounts.listMembers(c.req.param('mapId'));
		// Only owners see emails; other members see names and roles.
		const owner = can(access.role, 'manage');
		return c.json({ members: members.map((m) => (owner ? m : { ...m, email: '' })) });
	});

	app.patch('/api/maps/:mapId/members/:userId', async (c) => {
		const access = await authorize(c, 'manage');
		if (access instanceof Response) return access;
		const { mapId, userId } = c.req.param();
		const body = await readJson(c);
		if (!isRole(body.role)) return c.json({ error: 'Choose owner, editor or viewer.', field: 'role' }, 400);
		if (!(await accounts.memberRole(mapId, userId))) return c.json({ error: 'This person is not a member of the map.' }, 404);
		if (body.role !== 'owner' && (await isLastOwner(accounts, mapId, userId))) {
			return c.json({ error: 'A map needs at least one owner. Make someone else owner first.' }, 409);
		}
		await accounts.setMember(mapId, userId, body.role);
		// The member reconnects with the new rights (a viewer's writes are then refused).
		closeSockets(mapId, `user:${userId}`, CLOSE.accessChanged, 'Your role on this map changed');
		return c.json({ ok: true });
	});

	app.delete('/api/maps/:mapId/members/:userId', async (c) => {
		const access = await authorize(c, 'manage');
		if (access instanceof Response) return access;
		const { mapId, userId } = c.req.param();
		if (await isLastOwner(accounts, mapId, userId)) {
			return c.json({ error: 'A map needs at least one owner. Make someone else owner first.' }, 409);
		}
		await accounts.removeMember(mapId, userId);
		closeSockets(mapId, `user:${userId}`, CLOSE.revoked, 'Your access to this map was removed.');
		return c.json({ ok: true });
	});

	for (const kind of ['invitation', 'share'] as const) mountLinks(kind);

	function mountLinks(kind: LinkKind): void {
		const path = kind === 'invitation' ? 'invitations' : 'shares';
		app.get(`/api/maps/:mapId/${path}`, async (c) => {
			const access = await authorize(c, 'manage');
			if (access instanceof Response) return access;
			const links = await accounts.listLinks(kind, c.req.param('mapId'));
			return c.json({ [path]: links.map(publicLink) });
		});

		app.post(`/api/maps/:mapId/${path}`, async (c) => {
			const access = await authorize(c, 'manage');
			if (access instanceof Response) return access;
			const body = await readJson(c);
			const role = kind === 'share' ? 'viewer' : body.role;
			if (!isRole(role)) return c.json({ error: 'Choose owner, editor or viewer.', field: 'role' }, 400);
			const days = Number(body.expiresInDays ?? (kind === 'invitation' ? 7 : 0));
			if (!Number.isFinite(days) || days < 0 || days > 365) {
				return c.json({ error: 'Choose an expiry between 0 (never, share links only) and 365 days.', field: 'expiresInDays' }, 400);
			}
			if (kind === 'invitation' && days === 0) return c.json({ error: 'Invitations must expire.', field: 'expiresInDays' }, 400);
			if (kind === 'share') {
				const wait = await throttles.create('share', access.principal, clientAddress(c, config.trustProxy));
				if (wait > 0) return tooManyAttempts(c, wait, 'new share links');
			}
			// An invitation may also be emailed (when the server can send email).
			const email = kind === 'invitation' && mail ? text(body, 'email', 254).toLowerCase() : '';
			if (email && !EMAIL.test(email)) return c.json({ error: 'Enter a valid email address, or leave it empty.', field: 'email' }, 400);
			if (email) {
				const wait = await throttles.create('invitationEmail', access.principal, clientAddress(c, config.trustProxy));
				if (wait > 0) return tooManyAttempts(c, wait, 'invitation emails');
			}
			const token = newToken();
			const now = Date.now();
			const link: LinkRecord = {
				id: token.id,
				mapId: c.req.param('mapId'),
				role,
				secretHash: hashSecret(token.secret),
				createdBy: access.principal,
				createdAt: now,
				expiresAt: days > 0 ? now + days * DAY : null,
				revokedAt: null,
				usedBy: null
			};
			await accounts.createLink(kind, link);
			const origin = new URL(c.req.url).origin;
			const url =
				kind === 'invitation'
					? `${origin}/invite/${token.value}`
					: `${origin}/maps/${link.mapId}?share=${encodeURIComponent(token.value)}`;
			if (email && mail && link.expiresAt !== null) {
				const map = await accounts.mapSettings(link.mapId);
				await mail.queue(
					invitationMail({
						locale: mailLocale(body.language),
						to: email,
						inviter: c.get('session')?.user.name ?? '',
						map: map?.name ?? '',
						role,
						days,
						link: `${mail.publicUrl}/invite/${token.value}`,
						expiresAt: link.expiresAt
					})
				);
			}
			return c.json({ ...publicLink(link), url, token: token.value, emailed: email !== '' }, 201);
		});

		app.delete(`/api/maps/:mapId/${path}/:linkId`, async (c) => {
			const access = await authorize(c, 'manage');
			if (access instanceof Response) return access;
			const { mapId, linkId } = c.req.param();
			const link = await accounts.getLink(kind, linkId);
			if (!link || link.mapId !== mapId) return c.json({ error: 'No such link on this map.' }, 404);
			await accounts.revokeLink(kind, linkId, Date.now());
			if (kind === 'share') closeSockets(mapId, `share:${linkId}`, CLOSE.revoked, 'This share link was revoked.');
			return c.json({ ok: true });
		});
	}

	app.get('/api/invitations/:token', async (c) => {
		const found = await liveInvitation(accounts, c.req.param('token'));
		if ('error' in found) return c.json({ error: found.error }, found.status);
		const map = await accounts.mapSettings(found.link.mapId);
		return c.json({ mapName: map?.name ?? '', role: found.link.role, expiresAt: found.link.expiresAt });
	});

	app.post('/api/invitations/:token/accept', async (c) => {
		const session = c.get('session');
		if (!session) return c.json({ error: 'Sign in or create an account to accept the invitation.' }, 401);
		const found = await liveInvitation(accounts, c.req.param('token'));
		if ('error' in found) return c.json({ error: found.error }, found.status);
		const { link } = found;
		const current = await accounts.memberRole(link.mapId, session.user.id);
		if (!(await accounts.useInvitation(link.id, session.user.id))) {
			return c.json({ error: 'This invitation has already been used. Ask the map’s owner for a new one.' }, 410);
		}
		// Accepting never lowers a role someone already has.
		if (!current || rank(link.role) > rank(current)) await accounts.setMember(link.mapId, session.user.id, link.role);
		return c.json({ mapId: link.mapId });
	});
}

function rank(role: string): number {
	return role === 'owner' ? 3 : role === 'editor' ? 2 : 1;
}

async function isLastOwner(accounts: AccountStore, mapId: string, userId: string): Promise<boolean> {
	const members = await accounts.listMembers(mapId);
	const owners = members.filter((m) => m.role === 'owner');
	return owners.length === 1 && owners[0].userId === userId;
}

async function liveInvitation(
	accounts: AccountStore,
	value: string
): Promise<{ link: LinkRecord } | { error: string; status: 404 | 410 }> {
	const token = parseToken(value);
	const link = token ? await accounts.getLink('invitation', token.id) : null;
	if (!token || !link || !secretMatches(token.secret, link.secretHash)) {
		return { error: 'This invitation link is not valid. Check that you copied all of it.', status: 404 };
	}
	if (link.revokedAt !== null) return { error: 'This invitation was withdrawn. Ask the map’s owner for a new one.', status: 410 };
	if (link.expiresAt !== null && Date.now() >= link.expiresAt) {
		return { error: 'This invitation has expired. Ask the map’s owner for a new one.', status: 410 };
	}
	if (link.usedBy !== null) return { error: 'This invitation has already been used. Ask the map’s owner for a new one.', status: 410 };
	return { link };
}

function publicLink(link: LinkRecord) {
	return {
		id: link.id,
		role: link.role,
		createdAt: link.createdAt,
		expiresAt: link.expiresAt,
		revokedAt: link.revokedAt,
		used: link.usedBy !== null
	};
}
