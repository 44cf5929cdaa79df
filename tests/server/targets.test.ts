/**
 * A map's targets are the owners' to set. They live in the server's database, written only
 * through owner-only routes; an editor who writes a target into the document over the live
 * connection (which the sync protocol lets any editor do) changes nothing anyone reads. Before,
 * targets lived in the document: the editor's forged target showed on the members' and the
 * public indicators.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLegacyTarget } from '../../src/lib/model/legacy-targets.ts';
import { readLegacyTargets } from '../../src/lib/model/index.ts';
import { Client } from './http-client.ts';
import { connectClient, mapWithTwoPeople, startServer, tempDataDir, waitFor, type ServerProcess } from './harness.ts';

let server: ServerProcess;
const data = tempDataDir();
let people: Awaited<ReturnType<typeof mapWithTwoPeople>>;
let viewer: Client;
const FORGED = 'Target forged by an EDITOR';
const GOOD = { label: '50 instrumentos a 2027', kinds: ['agreement', 'memorandum'], goal: 50, until: '2027-12-31' };

const path = (suffix = '') => `/api/maps/${people.mapId}/targets${suffix}`;
const labels = async (client: Client = people.owner) => {
	const reply = await client.get(path());
	expect(reply.status).toBe(200);
	return (reply.body.targets as { label: string }[]).map((target) => target.label);
};
const publicTargets = async () => {
	const reply = await people.outsider.get(`/api/public/${people.mapId}/indicators`);
	expect(reply.status).toBe(200);
	return (reply.body as { indicators: { targets: { label: string }[] } }).indicators.targets.map((target) => target.label);
};

beforeAll(async () => {
	server = await startServer(data.dir);
	people = await mapWithTwoPeople(server.url);
	viewer = new Client(server.url);
	await viewer.signUp('Vera');
	const invitation = await people.owner.post(`/api/maps/${people.mapId}/invitations`, { role: 'viewer' });
	expect((await viewer.post(`/api/invitations/${invitation.body.token}/accept`)).status).toBe(200);
	expect((await people.owner.request('PUT', `/api/maps/${people.mapId}/publication`, { public: true })).status).toBe(200);
});
afterAll(async () => {
	await server?.stop();
	data.remove();
});

describe('an editor writing targets into the document', () => {
	it('changes neither the members’ nor the public indicators', async () => {
		const beto = connectClient(server.wsUrl, people.mapId, 'Beto', { cookie: people.editor.cookie });
		await beto.synced();
		writeLegacyTarget(beto.doc, { label: FORGED, kinds: ['event'], goal: 1, until: '2030-12-31' });
		// A second client sees the forged target: it reached the stored document.
		const check = connectClient(server.wsUrl, people.mapId, 'Ana', { cookie: people.owner.cookie });
		await check.synced();
		await waitFor(() => readLegacyTargets(check.doc).some((target) => target.label === FORGED), 'the editor’s write is stored');
		check.destroy();
		beto.destroy();

		expect(await labels()).toEqual([]);
		expect(await labels(people.editor)).toEqual([]);
		expect(await publicTargets()).toEqual([]);
	});
});

describe('the targets routes', () => {
	it('an owner adds a target; every member and a share link read it, as do the public indicators', async () => {
		const added = await people.owner.post(path(), { ...GOOD, label: '  50 instrumentos a 2027 ', kinds: ['memorandum', 'agreement'] });
		expect(added.status).toBe(201);
		expect(added.body.target).toEqual({ id: expect.any(String), ...GOOD, from: '' });
		for (const client of [people.owner, people.editor, viewer, people.partner]) expect(await labels(client)).toEqual([GOOD.label]);
		expect((await people.owner.get(path())).body.canEdit).toBe(true);
		expect((await people.editor.get(path())).body.canEdit).toBe(false);
		expect(await publicTargets()).toEqual([GOOD.label]);
		expect((await people.outsider.get(path())).status).toBe(403);
		expect((await new Client(server.url).get(path())).status).toBe(401);
	});

	it('editors, viewers, share links and strangers are refused every change, and nothing changes', async () => {
		const before = (await people.owner.get(path())).body.targets as { id: string }[];
		const id = before[0].id;
		const anonymous = new Client(server.url);
		for (const [client, status] of [
			[people.editor, 403],
			[viewer, 403],
			[people.partner, 403],
			[people.outsider, 403],
			[anonymous, 401]
		] as const) {
			expect((await client.post(path(), { ...GOOD, label: 'Not theirs' })).status).toBe(status);
			expect((await client.patch(path(`/${id}`), { goal: 1 })).status).toBe(status);
			expect((await client.delete(path(`/${id}`))).status).toBe(status);
		}
		const refused = await people.editor.post(path(), GOOD);
		expect(refused.body.error).toMatch(/only the map’s owners/i);
		expect((await people.owner.get(path())).body.targets).toEqual(before);
	});

	it('a cross-site request is refused, even with an owner’s cookie', async () => {
		const before = (await people.owner.get(path())).body.targets;
		const reply = await people.owner.request('POST', path(), { ...GOOD, label: 'From elsewhere' }, { origin: 'https://evil.example' });
		expect(reply.status).toBe(403);
		expect((await people.owner.get(path())).body.targets).toEqual(before);
	});

	it('invalid targets are refused with a message naming the field to correct, and nothing is stored', async () => {
		const before = (await people.owner.get(path())).body.targets;
		const cases: [Record<string, unknown>, string, RegExp][] = [
			[{ ...GOOD, label: '   ' }, 'label', /name/],
			[{ ...GOOD, goal: 0 }, 'goal', /whole number from 1/],
			[{ ...GOOD, goal: '50' }, 'goal', /whole number/],
			[{ ...GOOD, until: '' }, 'until', /end date/],
			[{ ...GOOD, until: '2027-02-30' }, 'until', /YYYY-MM-DD/],
			[{ ...GOOD, from: '2028-01-01' }, 'from', /starts before it ends/],
			[{ ...GOOD, kinds: [] }, 'kinds', /at least one kind/],
			[{ ...GOOD, kinds: ['party'] }, 'kinds', /unknown interaction kind/]
		];
		for (const [body, field, message] of cases) {
			const reply = await people.owner.post(path(), body);
			expect(reply.status, JSON.stringify(body)).toBe(400);
			expect(reply.body.field).toBe(field);
			expect(reply.body.error).toMatch(/^Check the target’s /);
			expect(reply.body.error).toMatch(message);
		}
		expect((await people.owner.request('POST', path(), 'not an object')).status).toBe(400);
		expect((await people.owner.get(path())).body.targets).toEqual(before);
	});

	it('an owner changes a target (its dates checked together) and deletes it', async () => {
		const [{ id }] = (await people.owner.get(path())).body.targets as { id: string }[];
		const changed = await people.owner.patch(path(`/${id}`), { goal: 60, from: '2024-01-01' });
		expect(changed.status).toBe(200);
		expect(changed.body.target).toEqual({ id, ...GOOD, goal: 60, from: '2024-01-01' });
		const reversed = await people.owner.patch(path(`/${id}`), { until: '2023-12-31' });
		expect(reversed.status).toBe(400);
		expect(reversed.body.field).toBe('from');
		expect((await people.owner.patch(path(`/${id}`), { colour: 'red' })).status).toBe(400);
		expect((await people.owner.patch(path('/no-such-target'), { goal: 3 })).status).toBe(404);
		expect((await people.owner.delete(path(`/${id}`))).status).toBe(200);
		expect(await labels()).toEqual([]);
		expect(await publicTargets()).toEqual([]);
		const again = await people.owner.delete(path(`/${id}`));
		expect(again.status).toBe(404);
		expect(again.body.error).toMatch(/no longer exists/);
	});
});
