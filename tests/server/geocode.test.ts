/**
 * GET /api/geocode: with GEOCODER_URL the real server asks a local HTTP server that answers as
 * Nominatim does (real sockets) and returns a normalised list, keeps answers, and turns a slow
 * or failing geocoder into a clear 504 / 502; without GEOCODER_URL it says it is not
 * configured. The Photon answer's normalisation is checked against the same kind of server.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { geocode } from '../../server/http/geocoder.ts';
import { Client } from './http-client.ts';
import { startServer, tempDataDir, type ServerProcess } from './harness.ts';

interface FakeGeocoder {
	url: string;
	requests: { url: URL; userAgent: string | undefined }[];
	close(): Promise<void>;
}

/** A geocoder on a free local port; `answer` decides each reply (held replies end at close). */
async function fakeGeocoder(answer: (url: URL, response: ServerResponse) => void): Promise<FakeGeocoder> {
	const requests: FakeGeocoder['requests'] = [];
	const held = new Set<ServerResponse>();
	const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
		const url = new URL(request.url ?? '/', 'http://localhost');
		requests.push({ url, userAgent: request.headers['user-agent'] });
		held.add(response);
		response.on('close', () => held.delete(response));
		answer(url, response);
	});
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		async close() {
			for (const response of held) response.destroy();
			await new Promise<void>((done) => server.close(() => done()));
		}
	};
}

function json(response: ServerResponse, body: unknown, status = 200): void {
	response.writeHead(status, { 'content-type': 'application/json' });
	response.end(JSON.stringify(body));
}

const NOMINATIM_ANSWER = [
	{
		place_id: 1,
		lat: '4.6019',
		lon: '-74.0721',
		name: 'Museo del Oro',
		display_name: 'Museo del Oro, Carrera 6, La Candelaria, Bogotá, Colombia'
	},
	{ place_id: 2, lat: '4.6097', lon: '-74.0817', name: '', display_name: '13-19, Calle 26, Santa Fe, Bogotá, Colombia' },
	// Nonsense coordinates are dropped, not passed on to the map.
	{ place_id: 3, lat: 'north', lon: '-74', name: 'Broken', display_name: 'Broken' }
];

describe('with a Nominatim-compatible geocoder', () => {
	const data = tempDataDir();
	let server: ServerProcess;
	let nominatim: FakeGeocoder;
	let member: Client;

	beforeAll(async () => {
		nominatim = await fakeGeocoder((url, response) => {
			const q = url.searchParams.get('q');
			if (q === 'slow street') return; // never answers: the server's timeout must end it
			if (q === 'broken street') return json(response, { error: 'overloaded' }, 503);
			json(response, NOMINATIM_ANSWER);
		});
		server = await startServer(data.dir, { GEOCODER_URL: `${nominatim.url}/search`, GEOCODER_TIMEOUT_MS: '500' });
		member = new Client(server.url);
		await member.signUp('Geo');
	});

	afterAll(async () => {
		await server?.stop();
		await nominatim?.close();
		data.remove();
	});

	it('returns the addresses found, normalised, and asks for the region as Nominatim expects', async () => {
		const reply = await member.get('/api/geocode?q=Museo%20del%20Oro');
		expect(reply.status).toBe(200);
		expect(reply.body).toEqual({
			configured: true,
			results: [
				{ label: 'Museo del Oro', detail: 'Carrera 6, La Candelaria, Bogotá', position: [-74.0721, 4.6019] },
				{ label: '13-19 Calle 26', detail: 'Santa Fe, Bogotá, Colombia', position: [-74.0817, 4.6097] }
			]
		});
		const asked = nominatim.requests.at(-1)!;
		expect(asked.url.pathname).toBe('/search');
		expect(Object.fromEntries(asked.url.searchParams)).toMatchObject({
			q: 'Museo del Oro',
			format: 'jsonv2',
			countrycodes: 'co',
			'accept-language': 'es'
		});
		expect(asked.userAgent).toMatch(/^Tejido\//);
	});

	it('asks the geocoder once for a repeated query', async () => {
		const before = nominatim.requests.length;
		await member.get('/api/geocode?q=Calle%2026%20%2313-19&lang=en');
		const again = await member.get('/api/geocode?q=calle%2026%20%2313-19&lang=en');
		expect(again.status).toBe(200);
		expect(nominatim.requests.length).toBe(before + 1);
		expect(nominatim.requests.at(-1)!.url.searchParams.get('accept-language')).toBe('en');
	});

	it('answers 504 when the geocoder does not answer in time, 502 when it fails', async () => {
		const slow = await member.get('/api/geocode?q=slow%20street');
		expect(slow.status).toBe(504);
		expect(String(slow.body.error)).toMatch(/too long/);
		const broken = await member.get('/api/geocode?q=broken%20street');
		expect(broken.status).toBe(502);
	});

	it('refuses people who are not signed in, and empty or overlong queries', async () => {
		const before = nominatim.requests.length;
		expect((await new Client(server.url).get('/api/geocode?q=Museo')).status).toBe(401);
		expect((await member.get('/api/geocode?q=%20%20')).status).toBe(400);
		expect((await member.get(`/api/geocode?q=${'a'.repeat(201)}`)).status).toBe(400);
		expect(nominatim.requests.length).toBe(before);
	});
});

describe('without GEOCODER_URL', () => {
	const data = tempDataDir();
	let server: ServerProcess;

	beforeAll(async () => {
		server = await startServer(data.dir);
	});

	afterAll(async () => {
		await server?.stop();
		data.remove();
	});

	it('says that no geocoder is configured, with no results', async () => {
		const member = new Client(server.url);
		await member.signUp('NoGeo');
		const reply = await member.get('/api/geocode?q=Calle%2026');
		expect(reply.status).toBe(200);
		expect(reply.body).toEqual({ configured: false, results: [] });
	});
});

describe('a Photon-compatible geocoder', () => {
	it('is asked at its /api path and its features become the same list', async () => {
		const photon = await fakeGeocoder((_url, response) =>
			json(response, {
				type: 'FeatureCollection',
				features: [
					{
						type: 'Feature',
						geometry: { type: 'Point', coordinates: [-74.0589, 4.8617] },
						properties: { name: 'Parque Principal', street: 'Calle 11', city: 'Chía', state: 'Cundinamarca' }
					},
					{
						type: 'Feature',
						geometry: { type: 'Point', coordinates: [-74.0817, 4.6097] },
						properties: { street: 'Calle 26', housenumber: '13-19', district: 'Santa Fe', city: 'Bogotá' }
					}
				]
			})
		);
		try {
			const results = await geocode({ url: `${photon.url}/api`, timeoutMs: 2000, userAgent: 'Tejido/test' }, 'parque chia');
			expect(results).toEqual([
				{ label: 'Parque Principal', detail: 'Calle 11, Chía, Cundinamarca', position: [-74.0589, 4.8617] },
				{ label: 'Calle 26 13-19', detail: 'Santa Fe, Bogotá', position: [-74.0817, 4.6097] }
			]);
			expect(photon.requests[0].url.pathname).toBe('/api');
			expect(photon.requests[0].url.searchParams.get('q')).toBe('parque chia');
			expect(photon.requests[0].url.searchParams.has('format')).toBe(false);
		} finally {
			await photon.close();
		}
	});
});
