/**
 * Throttling that stops guessers and floods without locking out the rightful owner (issue 23,
 * item 8). Real server process; each request tells its client address through
 * X-Forwarded-For, which the server trusts with TRUST_PROXY=1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type Reply } from './http-client.ts';
import { startServer, tempDataDir, type ServerProcess } from './harness.ts';

const PASSWORD = 'correct horse battery';
let server: ServerProcess;
const data = tempDataDir();

/** A client whose every request comes from `address`. */
class From extends Client {
	readonly address: string;
	constructor(base: string, address: string, cookie = '') {
		super(base, cookie);
		this.address = address;
	}
	override request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
		return super.request(method, path, body, { 'x-forwarded-for': this.address, ...headers });
	}
}

beforeAll(async () => {
	server = await startServer(data.dir, {
		TRUST_PROXY: '1',
		SIGNUPS_PER_ADDRESS: '3',
		MAPS_PER_ACCOUNT: '3',
		SHARES_PER_ACCOUNT: '2'
	});
});

afterAll(async () => {
	await server.stop();
	data.remove();
});

describe('sign-in throttling', () => {
	it('guesses from many addresses do not lock the owner out; the guessing address is throttled', async () => {
		const { email } = await new From(server.url, '192.0.2.1').signUp('Owner', PASSWORD);
		// One wrong guess from each of eleven addresses: counted per account alone, this locked
		// the account for everyone.
		for (let i = 0; i < 11; i++) {
			const reply = await new From(server.url, `198.51.100.${i + 1}`).post('/api/auth/signin', { email, password: 'wrong guess 123' });
			expect(reply.status).toBe(401);
		}
		const attacker = new From(server.url, '203.0.113.66');
		const statuses: number[] = [];
		for (let i = 0; i < 11; i++) statuses.push((await attacker.post('/api/auth/signin', { email, password: `guess ${i} abcdef` })).status);
		expect(statuses).toEqual([...Array(10).fill(401), 429]);
		// Even the right password is refused from the attacker's address, and accepted elsewhere.
		expect((await attacker.post('/api/auth/signin', { email, password: PASSWORD })).status).toBe(429);
		expect((await new From(server.url, '192.0.2.200').post('/api/auth/signin', { email, password: PASSWORD })).status).toBe(200);
	});

	it('guessing the current password in a password change is throttled', async () => {
		const owner = new From(server.url, '192.0.2.2');
		await owner.signUp('Changer', PASSWORD);
		const statuses: number[] = [];
		for (let i = 0; i < 11; i++) {
			statuses.push((await owner.post('/api/auth/password', { current: `guess ${i} abcdef`, next: 'a new long password' })).status);
		}
		expect(statuses).toEqual([...Array(10).fill(400), 429]);
		const reply = await owner.post('/api/auth/password', { current: PASSWORD, next: 'a new long password' });
		expect(reply.status).toBe(429);
		expect(reply.body.error).toMatch(/Too many attempts/);
	});
});

describe('limits on what one account or address creates', () => {
	it('sign-ups per address answer 429 past the limit; another address still signs up', async () => {
		const network = new From(server.url, '192.0.2.50');
		const statuses: number[] = [];
		for (let i = 0; i < 4; i++) {
			const reply = await network.post('/api/auth/signup', { email: `person${i}@example.org`, name: `P${i}`, password: PASSWORD });
			statuses.push(reply.status);
			if (reply.status === 429) expect(reply.body.error).toMatch(/Too many new accounts/);
		}
		expect(statuses).toEqual([201, 201, 201, 429]);
		await new From(server.url, '192.0.2.51').signUp('Elsewhere');
	});

	it('new maps per account answer 429 past the limit', async () => {
		const owner = new From(server.url, '192.0.2.3');
		await owner.signUp('Mapper');
		const replies = [];
		for (let i = 0; i < 4; i++) replies.push(await owner.post('/api/maps', { name: `Mapa ${i}` }));
		expect(replies.map((r) => r.status)).toEqual([201, 201, 201, 429]);
		expect(replies[3].body.error).toMatch(/Too many new maps/);
	});

	it('new share links per account answer 429 past the limit', async () => {
		const owner = new From(server.url, '192.0.2.4');
		await owner.signUp('Sharer');
		const mapId = ((await owner.post('/api/maps', { name: 'Compartido' })).body.map as { id: string }).id;
		const replies = [];
		for (let i = 0; i < 3; i++) replies.push(await owner.post(`/api/maps/${mapId}/shares`, {}));
		expect(replies.map((r) => r.status)).toEqual([201, 201, 429]);
		expect(replies[2].body.error).toMatch(/Too many new share links/);
	});
});
