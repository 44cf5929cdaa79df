/**
 * What a person sees when the server fails while the page stays open. This test runs its own
 * server process (the built app, a throwaway data directory, the next port) so it can kill it:
 * - SIGKILL: the status leaves "En vivo" (offline / connecting), an edit made meanwhile is
 *   kept, and when the server is back on the same port the page reconnects by itself, shows
 *   "En vivo" again and the edit reaches the server;
 * - the disk fills up (the process's file-size limit drops to one byte, as in
 *   tests/server/reliability-storage.test.ts): the page says its edits are not being saved;
 *   when the disk has room again the notice goes and the edit is stored.
 */
import { expect, test, type Page } from '@playwright/test';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addAtCentre } from './map-helper.ts';

const PORT = Number(process.env.E2E_PORT ?? 3100) + 1;
const BASE = `http://localhost:${PORT}`;
const dataDir = mkdtempSync(join(tmpdir(), 'tejido-e2e-restart-'));
let server: ChildProcess | null = null;

async function startServer(): Promise<ChildProcess> {
	const child = spawn(process.execPath, ['server/main.ts'], {
		env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', DATA_DIR: dataDir, SEED_DEMO: '0' },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	await new Promise<void>((ready, fail) => {
		const onData = (chunk: Buffer) => {
			output += chunk.toString();
			if (output.includes('running at')) ready();
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', onData);
		child.once('exit', (code) => fail(new Error(`server exited with ${code}:\n${output}`)));
	});
	return child;
}

function kill(child: ChildProcess): Promise<void> {
	return new Promise((done) => {
		child.once('exit', () => done());
		child.kill('SIGKILL');
	});
}

test.afterAll(async () => {
	if (server && server.exitCode === null) await kill(server);
	rmSync(dataDir, { recursive: true, force: true });
});

/** The agent names the server holds (open map in memory, else stored), as its GeoJSON export shows them. */
async function serverNames(page: Page, mapId: string): Promise<string[]> {
	const response = await page.request.get(`${BASE}/api/maps/${mapId}/export.geojson`);
	if (!response.ok()) return [];
	const collection = (await response.json()) as { features: { properties: { name?: string } }[] };
	return collection.features.map((feature) => feature.properties.name ?? '');
}

async function rename(page: Page, name: string): Promise<void> {
	const field = page.getByRole('textbox', { name: 'Nombre', exact: true });
	await field.fill(name);
	await field.press('Enter');
}

test('the page says when the server is gone or cannot save, and resumes by itself', async ({ page }) => {
	server = await startServer();
	await page.addInitScript(() => {
		localStorage.setItem('tejido.locale', 'es');
		localStorage.setItem('tejido.identity', JSON.stringify({ name: 'Ana', color: '#d1495b' }));
	});
	const email = `ana-${Date.now()}@example.org`;
	const signup = await page.request.post(`${BASE}/api/auth/signup`, { data: { email, name: 'Ana', password: 'correct horse battery' } });
	expect(signup.status(), await signup.text()).toBe(201);
	const created = await page.request.post(`${BASE}/api/maps`, { data: { name: 'Mapa de prueba' } });
	const mapId = ((await created.json()) as { map: { id: string } }).map.id;

	await page.goto(`${BASE}/maps/${mapId}`);
	const status = page.getByTestId('connection-status');
	await expect(status).toHaveText('En vivo');
	await expect(page.locator('.map[data-loaded="true"]')).toBeVisible();
	await addAtCentre(page);
	await rename(page, 'Antes del corte');
	await expect.poll(() => serverNames(page, mapId)).toContain('Antes del corte');

	// SIGKILL: the page notices, keeps the edit made meanwhile, and resumes on its own.
	await kill(server);
	await expect(status).toHaveText(/Sin conexión|Conectando/);
	await rename(page, 'Editado durante el corte');
	// The panel says where the edit is: here, until the connection is back; then saved.
	const saveState = page.getByTestId('save-state');
	await expect(saveState).toHaveText('Sin conexión: se guardará al volver');
	server = await startServer();
	await expect(status).toHaveText('En vivo', { timeout: 30_000 });
	await expect.poll(() => serverNames(page, mapId), { timeout: 15_000 }).toContain('Editado durante el corte');
	await expect(saveState).toHaveText('Guardado');

	// The disk fills up: the page says the edits are not being saved, then that it is over.
	const notice = page.getByTestId('save-problem');
	await expect(notice).toHaveCount(0);
	execFileSync('prlimit', ['--pid', String(server.pid), '--fsize=1:']);
	await rename(page, 'Editado con el disco lleno');
	await expect(notice).toBeVisible();
	await expect(notice).toContainText('aún no están guardados');
	await expect(saveState).toHaveText('Guardado en este equipo: el servidor lo guardará en cuanto pueda');
	execFileSync('prlimit', ['--pid', String(server.pid), '--fsize=unlimited:']);
	await expect(notice).toHaveCount(0, { timeout: 30_000 });
	await expect(status).toHaveText('En vivo');
	await expect(saveState).toHaveText('Guardado');
	// Stored for real: after another SIGKILL the restarted server has it from its database
	// (the page is closed first, so it cannot send the edit again).
	await page.close();
	await kill(server);
	server = await startServer();
	expect(await serverNames(page, mapId)).toContain('Editado con el disco lleno');
});
