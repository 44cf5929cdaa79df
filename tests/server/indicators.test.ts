/**
 * Public indicators: only an owner publishes them; once published anyone can read the
 * aggregates, computed on the server from the live document; and the answer leaks no contact,
 * note, title, outcome or agent name. (The public page's rendered HTML is checked by the
 * browser test tests/e2e/register.test.ts: pages are not served in server tests.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from './http-client.ts';
import { connectClient, health, mapWithTwoPeople, startServer, tempDataDir, waitFor, type ServerProcess, type TestClient } from './harness.ts';

let server: ServerProcess;
const data = tempDataDir();
let people: Awaited<ReturnType<typeof mapWithTwoPeople>>;
let ana: TestClient;

/** Every private value the map holds; none may appear in the public answer. */
const SECRETS = [
	'secret-contact@example.org',
	'+57 300 000 0000',
	'Calle Secreta 123',
	'A private description',
	'https://private.example.org',
	'Private Lab',
	'Hidden University',
	'a private link note',
	'Secret agreement title',
	'a confidential outcome',
	'https://docs.example.org/agreement.pdf'
];

beforeAll(async () => {
	// Rooms close as soon as their last client leaves, to test reading a map that is not open.
	server = await startServer(data.dir, { ROOM_GRACE_MS: '0' });
	people = await mapWithTwoPeople(server.url);
	ana = connectClient(server.wsUrl, people.mapId, 'Ana', { cookie: people.owner.cookie });
	await ana.synced();
	const area = ana.map.addArea({ name: 'Bioeconomía', color: '#2a9d8f' });
	const lab = ana.map.addAgent({
		name: 'Private Lab',
		position: [-74.08, 4.6],
		sector: 'research',
		areaIds: [area],
		contact: 'secret-contact@example.org; +57 300 000 0000',
		address: 'Calle Secreta 123',
		description: 'A private description',
		website: 'https://private.example.org'
	});
	const university = ana.map.addAgent({ name: 'Hidden University', position: [-74.06, 4.62], sector: 'academia' });
	ana.map.addLink({ from: lab, to: university, note: 'a private link note' });
	ana.map.register.addInteraction({
		kind: 'agreement',
		date: '2026-09-15',
		title: 'Secret agreement title',
		participantIds: [lab, university],
		areaId: area,
		outcome: 'a confidential outcome',
		documentUrl: 'https://docs.example.org/agreement.pdf'
	});
	const target = { label: '50 instrumentos a 2027', kinds: ['agreement', 'memorandum'], goal: 50, until: '2027-12-31' };
	expect((await people.owner.request('POST', `/api/maps/${people.mapId}/targets`, target)).status).toBe(201);
	const viewer = connectClient(server.wsUrl, people.mapId, 'Beto', { cookie: people.editor.cookie });
	await viewer.synced();
	await waitFor(() => viewer.map.register.interactions().length === 1, 'the edits are stored');
	viewer.destroy();
});

afterAll(async () => {
	ana?.destroy();
	await server.stop();
	data.remove();
});

const publicPath = () => `/api/public/${people.mapId}/indicators`;

describe('publishing', () => {
	it('is off until an owner turns it on; editors, partners and strangers cannot', async () => {
		const anyone = new Client(server.url);
		expect((await anyone.get(publicPath())).status).toBe(404);
		expect((await people.editor.get(`/api/maps/${people.mapId}/publication`)).body).toMatchObject({ public: false });
		expect((await people.editor.request('PUT', `/api/maps/${people.mapId}/publication`, { public: true })).status).toBe(403);
		expect((await people.partner.request('PUT', `/api/maps/${people.mapId}/publication`, { public: true })).status).toBe(403);
		expect((await people.outsider.request('PUT', `/api/maps/${people.mapId}/publication`, { public: true })).status).toBe(403);
		expect((await anyone.request('PUT', `/api/maps/${people.mapId}/publication`, { public: true })).status).toBe(401);
		expect((await people.owner.request('PUT', `/api/maps/${people.mapId}/publication`, { public: 'yes' })).status).toBe(400);
		expect((await anyone.get(publicPath())).status).toBe(404);
		// An unknown map answers exactly like an unpublished one.
		const unknown = await anyone.get('/api/public/no-such-map/indicators');
		expect(unknown.status).toBe(404);
		expect(unknown.body).toEqual((await anyone.get(publicPath())).body);
	});

	it('once published, anyone reads the aggregates, and unpublishing hides them again', async () => {
		const published = await people.owner.request('PUT', `/api/maps/${people.mapId}/publication`, { public: true });
		expect(published.body).toEqual({ public: true, path: `/public/${people.mapId}` });
		const anyone = new Client(server.url);
		const reply = await anyone.get(publicPath());
		expect(reply.status).toBe(200);
		const { indicators, map } = reply.body as { indicators: Record<string, any>; map: { name: string } };
		expect(map.name).toBe('Registro');
		expect(indicators.instruments.total).toBe(1);
		expect(indicators.instruments.bySemester).toEqual([{ key: '2026-S2', count: 1 }]);
		expect(indicators.instruments.bySector).toEqual(expect.arrayContaining([{ key: 'research', count: 1 }, { key: 'academia', count: 1 }]));
		expect(indicators.targets).toEqual([expect.objectContaining({ label: '50 instrumentos a 2027', achieved: 1, goal: 50 })]);
		expect(indicators.agents.total).toBe(2);
		expect(indicators.links.total).toBe(1);
		expect(Object.values(indicators.areaNames)).toEqual(['Bioeconomía']);

		await people.owner.request('PUT', `/api/maps/${people.mapId}/publication`, { public: false });
		expect((await anyone.get(publicPath())).status).toBe(404);
		await people.owner.request('PUT', `/api/maps/${people.mapId}/publication`, { public: true });
	});
});

describe('what the public answer holds', () => {
	it('leaks no contact, address, website, description, note, title, outcome, document or agent name', async () => {
		const response = await fetch(new URL(publicPath(), server.url));
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/application\/json/);
		const text = await response.text();
		for (const secret of SECRETS) expect(text, secret).not.toContain(secret);
		for (const key of ['contact', 'address', 'website', 'description', 'note', 'outcome', 'documentUrl', 'title', 'participantIds', 'position']) {
			expect(text, key).not.toContain(`"${key}"`);
		}
	});

	it('reads the stored document when the map is not open', async () => {
		ana.destroy();
		const anyone = new Client(server.url);
		const openRooms = async () => (await health(server.url)).openRooms;
		for (let i = 0; i < 100 && (await openRooms()) !== 0; i++) await new Promise((r) => setTimeout(r, 50));
		expect(await openRooms()).toBe(0);
		// Publishing again drops the answer kept from the open room.
		await people.owner.request('PUT', `/api/maps/${people.mapId}/publication`, { public: true });
		const reply = await anyone.get(publicPath());
		expect(reply.status).toBe(200);
		expect((reply.body.indicators as { agents: { total: number } }).agents.total).toBe(2);
	});
});
