/**
 * Permissions hold against every kind of caller, on every route and on the websocket:
 * anonymous, viewer, editor, owner, a share-link visitor, and a member of another map.
 * Real server process, real HTTP, real sockets, real database file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Client } from './http-client.ts';
import { connectClient, startServer, tempDataDir, waitFor, type ServerProcess, type TestClient } from './harness.ts';

type Who = 'anonymous' | 'viewer' | 'editor' | 'owner' | 'share' | 'outsider';
const WHO: Who[] = ['anonymous', 'viewer', 'editor', 'owner', 'share', 'outsider'];

let server: ServerProcess;
const data = tempDataDir();
const clients = {} as Record<Who, Client>;
let mapId = '';
let editorId = '';
let shareToken = '';
const sockets: TestClient[] = [];

beforeAll(async () => {
	server = await startServer(data.dir);
	for (const who of WHO) clients[who] = new Client(server.url);
	await clients.owner.signUp('Owner');
	const created = await clients.owner.post('/api/maps', { name: 'Matriz', template: 's3' });
	mapId = (created.body.map as { id: string }).id;

	// Editor and viewer join through invitations, as people do.
	for (const role of ['editor', 'viewer'] as const) {
		const invitation = await clients.owner.post(`/api/maps/${mapId}/invitations`, { role });
		const person = await clients[role].signUp(role);
		if (role === 'editor') editorId = person.id;
		const accepted = await clients[role].post(`/api/invitations/${invitation.body.token}/accept`);
		expect(accepted.status).toBe(200);
	}
	const share = await clients.owner.post(`/api/maps/${mapId}/shares`, {});
	shareToken = String(share.body.token);
	clients.share.share = shareToken;

	await clients.outsider.signUp('Outsider');
	await clients.outsider.post('/api/maps', { name: 'Otro mapa' });
});

afterAll(async () => {
	for (const socket of sockets) socket.destroy();
	await server.stop();
	data.remove();
});

// Expected status per caller; every route is listed, including the refused ones.
const matrix: { route: string; call: (c: Client) => Promise<{ status: number }>; expect: Record<Who, number> }[] = [
	{
		route: 'GET /api/maps',
		call: (c) => c.get('/api/maps'),
		expect: { anonymous: 401, viewer: 200, editor: 200, owner: 200, share: 401, outsider: 200 }
	},
	{
		route: 'POST /api/maps',
		call: (c) => c.post('/api/maps', { name: 'Nuevo' }),
		expect: { anonymous: 401, viewer: 201, editor: 201, owner: 201, share: 401, outsider: 201 }
	},
	{
		route: 'GET /api/maps/:id',
		call: (c) => c.get(`/api/maps/${mapId}`),
		expect: { anonymous: 401, viewer: 200, editor: 200, owner: 200, share: 200, outsider: 403 }
	},
	{
		route: 'PATCH /api/maps/:id (rename)',
		call: (c) => c.patch(`/api/maps/${mapId}`, { name: 'Matriz' }),
		expect: { anonymous: 401, viewer: 403, editor: 403, owner: 200, share: 403, outsider: 403 }
	},
	{
		route: 'GET /api/maps/:id/members',
		call: (c) => c.get(`/api/maps/${mapId}/members`),
		expect: { anonymous: 401, viewer: 200, editor: 200, owner: 200, share: 403, outsider: 403 }
	},
	{
		route: 'PATCH /api/maps/:id/members/:user',
		call: (c) => c.patch(`/api/maps/${mapId}/members/${editorId}`, { role: 'editor' }),
		expect: { anonymous: 401, viewer: 403, editor: 403, owner: 200, share: 403, outsider: 403 }
	},
	{
		route: 'DELETE /api/maps/:id/members/:user',
		call: (c) => c.delete(`/api/maps/${mapId}/members/nobody`),
		expect: { anonymous: 401, viewer: 403, editor: 403, owner: 200, share: 403, outsider: 403 }
	},
	...(['invitations', 'shares'] as const).flatMap((path) => [
		{
			route: `GET /api/maps/:id/${path}`,
			call: (c: Client) => c.get(`/api/maps/${mapId}/${path}`),
			expect: { anonymous: 401, viewer: 403, editor: 403, owner: 200, share: 403, outsider: 403 }
		},
		{
			route: `POST /api/maps/:id/${path}`,
			call: (c: Client) => c.post(`/api/maps/${mapId}/${path}`, { role: 'viewer' }),
			expect: { anonymous: 401, viewer: 403, editor: 403, owner: 201, share: 403, outsider: 403 }
		},
		{
			route: `DELETE /api/maps/:id/${path}/:link`,
			call: (c: Client) => c.delete(`/api/maps/${mapId}/${path}/unknownlinkid`),
			expect: { anonymous: 401, viewer: 403, editor: 403, owner: 404, share: 403, outsider: 403 }
		}
	]),
	{
		route: 'DELETE /api/maps/:id (refusals only; deletion is tested below)',
		call: (c) => (c === clients.owner ? Promise.resolve({ status: 200 }) : c.delete(`/api/maps/${mapId}`)),
		expect: { anonymous: 401, viewer: 403, editor: 403, owner: 200, share: 403, outsider: 403 }
	},
	{
		route: 'GET /api/maps/:id/export.geojson',
		call: (c) => c.get(`/api/maps/${mapId}/export.geojson`),
		expect: { anonymous: 401, viewer: 200, editor: 200, owner: 200, share: 200, outsider: 403 }
	},
	{
		// What the map page draws before the document arrives: the same readers as the map
		// (204: this small map has none to send).
		route: 'GET /api/maps/:id/first-view',
		call: (c) => c.get(`/api/maps/${mapId}/first-view`),
		expect: { anonymous: 401, viewer: 204, editor: 204, owner: 204, share: 204, outsider: 403 }
	},
	{
		route: 'GET /api/maps/:id/export.csv',
		call: (c) => c.get(`/api/maps/${mapId}/export.csv`),
		expect: { anonymous: 401, viewer: 200, editor: 200, owner: 200, share: 200, outsider: 403 }
	},
	{
		// Who edited what is for members: partners with a share link do not see it.
		route: 'GET /api/maps/:id/activity',
		call: (c) => c.get(`/api/maps/${mapId}/activity`),
		expect: { anonymous: 401, viewer: 200, editor: 200, owner: 200, share: 403, outsider: 403 }
	},
	{
		route: 'GET /api/maps/:id/agents/:agent/versions',
		call: (c) => c.get(`/api/maps/${mapId}/agents/someagent/versions`),
		expect: { anonymous: 401, viewer: 200, editor: 200, owner: 200, share: 403, outsider: 403 }
	},
	{
		route: 'GET /api/maps/:id/publication',
		call: (c) => c.get(`/api/maps/${mapId}/publication`),
		expect: { anonymous: 401, viewer: 200, editor: 200, owner: 200, share: 200, outsider: 403 }
	},
	{
		// Not published: anyone gets the same 404, which does not say whether the map exists.
		route: 'GET /api/public/:id/indicators (unpublished)',
		call: (c) => c.get(`/api/public/${mapId}/indicators`),
		expect: { anonymous: 404, viewer: 404, editor: 404, owner: 404, share: 404, outsider: 404 }
	},
	{
		route: 'PUT /api/maps/:id/publication',
		call: (c) => c.request('PUT', `/api/maps/${mapId}/publication`, { public: false }),
		expect: { anonymous: 401, viewer: 403, editor: 403, owner: 200, share: 403, outsider: 403 }
	},
	{
		route: 'GET /api/me',
		call: (c) => c.get('/api/me'),
		expect: { anonymous: 401, viewer: 200, editor: 200, owner: 200, share: 401, outsider: 200 }
	},
	// The GIS layers and the network files: the same readers as the GeoJSON export.
	...(['zip', 'gexf', 'graphml'] as const).map((format) => ({
		route: `GET /api/maps/:id/export.${format}`,
		call: (c: Client) => c.get(`/api/maps/${mapId}/export.${format}`),
		expect: { anonymous: 401, viewer: 200, editor: 200, owner: 200, share: 200, outsider: 403 }
	}))
];

describe('authorisation matrix over HTTP', () => {
	for (const row of matrix) {
		it(`${row.route}: ${WHO.map((w) => `${w} ${row.expect[w]}`).join(', ')}`, async () => {
			const got = {} as Record<Who, number>;
			for (const who of WHO) got[who] = (await row.call(clients[who])).status;
			expect(got).toEqual(row.expect);
		});
	}
});

/** Opens a raw websocket as `who`; resolves 'open' or the HTTP status that refused it. */
function upgrade(who: Who, id = mapId): Promise<number | 'open'> {
	return new Promise((resolve) => {
		const query = who === 'share' ? `?share=${encodeURIComponent(shareToken)}` : '';
		const ws = new WebSocket(`${server.wsUrl}/${id}${query}`, { headers: clients[who].cookie ? { cookie: clients[who].cookie } : {} });
		ws.on('open', () => {
			ws.terminate();
			resolve('open');
		});
		ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
		ws.on('error', () => {});
	});
}

describe('authorisation on the websocket', () => {
	it('refuses anonymous (401) and another map’s member (403) before any document byte; admits the rest', async () => {
		const got = {} as Record<Who, number | 'open'>;
		for (const who of WHO) got[who] = await upgrade(who);
		expect(got).toEqual({ anonymous: 401, viewer: 'open', editor: 'open', owner: 'open', share: 'open', outsider: 403 });
	});

	it('a viewer’s and a share link’s writes reach no other client, no stored update and no restart', async () => {
		const owner = connectClient(server.wsUrl, mapId, 'owner', { cookie: clients.owner.cookie });
		const viewer = connectClient(server.wsUrl, mapId, 'viewer', { cookie: clients.viewer.cookie });
		const partner = connectClient(server.wsUrl, mapId, 'partner', { share: shareToken });
		sockets.push(owner, viewer, partner);
		await Promise.all([owner.synced(), viewer.synced(), partner.synced()]);

		// Live edits still reach read-only connections.
		const live = owner.map.addAgent({ name: 'Visible para todos', position: [-74.08, 4.6] });
		await waitFor(() => viewer.map.agent(live) !== null && partner.map.agent(live) !== null, 'viewers see live edits');

		const fromViewer = viewer.map.addAgent({ name: 'Escrito por un lector', position: [-74.1, 4.6] });
		const fromPartner = partner.map.addAgent({ name: 'Escrito por un socio', position: [-74.1, 4.7] });
		// A marker edit by the owner after them: once it arrives, theirs would have too.
		const marker = owner.map.addAgent({ name: 'marcador', position: [-74.0, 4.6] });
		await waitFor(() => viewer.map.agent(marker) !== null, 'marker arrives');
		expect(owner.map.agent(fromViewer)).toBeNull();
		expect(owner.map.agent(fromPartner)).toBeNull();
		expect(server.output()).toMatch(/dropped a document update from a read-only connection/);

		// Nothing was stored: a fresh client after a restart does not have them either.
		await server.stop();
		server = await startServer(data.dir, { PORT: new URL(server.url).port });
		const fresh = connectClient(server.wsUrl, mapId, 'fresh', { cookie: clients.owner.cookie });
		sockets.push(fresh);
		await fresh.synced();
		expect(fresh.map.agent(marker)?.name).toBe('marcador');
		expect(fresh.map.agent(fromViewer)).toBeNull();
		expect(fresh.map.agent(fromPartner)).toBeNull();
	});
});

describe('links and sessions that stop working', () => {
	it('a revoked share link is refused on HTTP and websocket', async () => {
		const owner = clients.owner;
		const share = await owner.post(`/api/maps/${mapId}/shares`, {});
		const partner = new Client(server.url);
		partner.share = String(share.body.token);
		expect((await partner.get(`/api/maps/${mapId}`)).status).toBe(200);
		expect((await owner.delete(`/api/maps/${mapId}/shares/${share.body.id}`)).status).toBe(200);
		expect((await partner.get(`/api/maps/${mapId}`)).status).toBe(403);
		const ws = await new Promise<number | 'open'>((resolve) => {
			const socket = new WebSocket(`${server.wsUrl}/${mapId}?share=${encodeURIComponent(String(share.body.token))}`);
			socket.on('open', () => resolve('open'));
			socket.on('unexpected-response', (_r, res) => resolve(res.statusCode ?? 0));
			socket.on('error', () => {});
		});
		expect(ws).toBe(403);
	});

	it('revoked, used and forged invitations are refused', async () => {
		const owner = clients.owner;
		const revoked = await owner.post(`/api/maps/${mapId}/invitations`, { role: 'editor' });
		await owner.delete(`/api/maps/${mapId}/invitations/${revoked.body.id}`);
		const guest = new Client(server.url);
		await guest.signUp('Guest');
		expect((await guest.post(`/api/invitations/${revoked.body.token}/accept`)).status).toBe(410);

		const once = await owner.post(`/api/maps/${mapId}/invitations`, { role: 'viewer' });
		expect((await guest.post(`/api/invitations/${once.body.token}/accept`)).status).toBe(200);
		const second = new Client(server.url);
		await second.signUp('Second');
		expect((await second.post(`/api/invitations/${once.body.token}/accept`)).status).toBe(410);

		const forged = String(once.body.token).replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A'));
		expect((await second.post(`/api/invitations/${forged}/accept`)).status).toBe(404);
		expect((await second.get(`/api/maps/${mapId}`)).status).toBe(403);
	});

	it('a session is invalid after sign-out, and every session after a password change', async () => {
		const laptop = new Client(server.url);
		await laptop.signUp('Cambia', 'first password 123');
		const phone = new Client(server.url);
		const email = ((await laptop.get('/api/me')).body.user as { email: string }).email;
		expect((await phone.post('/api/auth/signin', { email, password: 'first password 123' })).status).toBe(200);
		const stolen = new Client(server.url, phone.cookie);

		expect((await phone.post('/api/auth/signout')).status).toBe(200);
		expect((await stolen.get('/api/me')).status).toBe(401);

		const tablet = new Client(server.url);
		await tablet.post('/api/auth/signin', { email, password: 'first password 123' });
		const old = new Client(server.url, laptop.cookie);
		expect((await laptop.post('/api/auth/password', { current: 'first password 123', next: 'second password 456' })).status).toBe(200);
		expect((await tablet.get('/api/me')).status).toBe(401);
		expect((await old.get('/api/me')).status).toBe(401);
		expect((await laptop.get('/api/me')).status).toBe(200);
		expect((await tablet.post('/api/auth/signin', { email, password: 'first password 123' })).status).toBe(401);
		expect((await tablet.post('/api/auth/signin', { email, password: 'second password 456' })).status).toBe(200);
	});

	it('sign-in errors do not reveal whether an email has an account, and guessing is throttled', async () => {
		const probe = new Client(server.url);
		const unknown = await probe.post('/api/auth/signin', { email: 'nobody@example.org', password: 'whatever123' });
		const known = await probe.post('/api/auth/signin', {
			email: ((await clients.owner.get('/api/me')).body.user as { email: string }).email,
			password: 'wrong password'
		});
		expect(unknown.status).toBe(401);
		expect(known.status).toBe(401);
		expect(unknown.body.error).toBe(known.body.error);

		// At most 10 failures per account and address (50 per address) in 15 minutes (the
		// owner's account already failed once from this address above), then 429.
		const email = ((await clients.owner.get('/api/me')).body.user as { email: string }).email;
		const statuses: number[] = [];
		for (let i = 0; i < 11; i++) {
			const reply = await probe.post('/api/auth/signin', { email, password: `guess ${i}` });
			statuses.push(reply.status);
			if (reply.status === 429) break;
		}
		expect(statuses.at(-1)).toBe(429);
		expect(statuses.slice(0, -1).every((status) => status === 401)).toBe(true);
		expect(statuses.length).toBeLessThanOrEqual(11);
		// Even the right password is refused from this address while throttled.
		expect((await probe.post('/api/auth/signin', { email, password: 'correct horse battery' })).status).toBe(429);
	});

	it('signing up with emails that already have accounts is throttled, so it cannot list who uses Tejido', async () => {
		const probe = new Client(server.url);
		const taken = ((await clients.owner.get('/api/me')).body.user as { email: string }).email;
		const statuses: number[] = [];
		for (let i = 0; i < 11; i++) {
			const reply = await probe.post('/api/auth/signup', { email: taken, name: 'Probe', password: 'correct horse battery' });
			statuses.push(reply.status);
			if (reply.status === 429) break;
		}
		// Ten vague refusals (they do not say the email is taken), then 429 for this address.
		expect(statuses).toEqual([...Array(10).fill(409), 429]);
		const fresh = await probe.post('/api/auth/signup', { email: 'fresh-probe@example.org', name: 'Probe', password: 'correct horse battery' });
		expect(fresh.status).toBe(429);
	});

	it('state-changing requests from another site are refused (CSRF)', async () => {
		const reply = await clients.owner.request('POST', '/api/maps', { name: 'csrf' }, { origin: 'https://evil.example' });
		expect(reply.status).toBe(403);
		const fetchSite = await clients.owner.request('POST', '/api/maps', { name: 'csrf' }, { 'sec-fetch-site': 'cross-site' });
		expect(fetchSite.status).toBe(403);
	});

	it('only an owner deletes a map; its room closes and its data is gone', async () => {
		const owner = clients.owner;
		const doomed = (await owner.post('/api/maps', { name: 'Para borrar' })).body.map as { id: string };
		const live = connectClient(server.wsUrl, doomed.id, 'owner', { cookie: owner.cookie });
		sockets.push(live);
		await live.synced();
		expect((await clients.editor.delete(`/api/maps/${doomed.id}`)).status).toBe(403);
		expect((await owner.delete(`/api/maps/${doomed.id}`)).status).toBe(200);
		expect((await owner.get(`/api/maps/${doomed.id}`)).status).toBe(404);
		expect(await upgrade('owner', doomed.id)).toBe(404);
	});

	it('malformed JSON bodies get a clear 4xx and change nothing', async () => {
		const bad = await clients.owner.request('POST', '/api/maps', undefined, { 'content-type': 'application/json' });
		expect(bad.status).toBe(400);
		const raw = await fetch(new URL('/api/maps', server.url), {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie: clients.owner.cookie },
			body: '{"name": '
		});
		expect(raw.status).toBe(400);
		expect(((await raw.json()) as { error: string }).error).toMatch(/not valid JSON/);
		const wrongType = await clients.owner.request('POST', '/api/maps', 'just text');
		expect(wrongType.status).toBe(400);
	});
});
