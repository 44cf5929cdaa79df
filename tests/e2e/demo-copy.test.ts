/**
 * Issue 23, item 4, in the browser: with the default DEMO_ROLE a fresh account finds the demo
 * read-only, makes a copy to edit from the read-only notice, lands in its own copy and edits an
 * agent there; the demo stays as it was. The suite's server keeps the demo open to edits
 * (playwright.config.ts), so this test runs its own server process with the defaults (the
 * built app, a throwaway data directory, a free port).
 */
import { expect, test, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dataDir = mkdtempSync(join(tmpdir(), 'tejido-e2e-demo-copy-'));
let server: ChildProcess | null = null;
let base = '';

test.beforeAll(async () => {
	const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir };
	delete env.DEMO_ROLE;
	const child = spawn(process.execPath, ['server/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
	server = child;
	let output = '';
	base = await new Promise<string>((ready, fail) => {
		const onData = (chunk: Buffer) => {
			output += chunk.toString();
			const match = /running at (http:\/\/\S+)/.exec(output);
			if (match) ready(match[1]);
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', onData);
		child.once('exit', (code) => fail(new Error(`server exited with ${code}:\n${output}`)));
	});
});

test.afterAll(async () => {
	if (server && server.exitCode === null) {
		const exited = new Promise((done) => server!.once('exit', done));
		server.kill('SIGTERM');
		await exited;
	}
	rmSync(dataDir, { recursive: true, force: true });
});

/** The agent names the server holds for a map, as its GeoJSON export shows them. */
async function serverNames(page: Page, mapId: string): Promise<string[]> {
	const response = await page.request.get(`${base}/api/maps/${mapId}/export.geojson`);
	expect(response.ok()).toBe(true);
	const collection = (await response.json()) as { features: { properties: { name?: string } }[] };
	return collection.features.map((feature) => feature.properties.name ?? '');
}

// Before: the demo opened editable for every account, and a reader had no way to edit a copy.
test('a fresh account finds the demo read-only, makes a copy and edits an agent in it', async ({ page }, testInfo) => {
	test.slow();
	await page.addInitScript(() => localStorage.setItem('tejido.locale', 'es'));
	const email = `visita-${Date.now()}@example.org`;
	const signup = await page.request.post(`${base}/api/auth/signup`, { data: { email, name: 'Visita', password: 'correct horse battery' } });
	expect(signup.status(), await signup.text()).toBe(201);

	await page.goto(`${base}/maps/demo`);
	await expect(page.getByTestId('connection-status')).toHaveText('En vivo');
	await expect(page.getByText(/\d+ agentes · \d+ vínculos/)).toBeVisible();
	await expect(page.getByTestId('read-only')).toHaveText(/^Solo lectura/);
	await expect(page.getByRole('button', { name: 'Agregar agente' })).toHaveCount(0);
	await page.screenshot({ path: testInfo.outputPath('demo-read-only.png') });

	// The copy, named in a dialog that proposes "Copia de …".
	await page.getByRole('button', { name: 'Copiar para editar' }).click();
	const dialog = page.getByRole('dialog', { name: 'Hacer una copia para editar' });
	const name = dialog.getByRole('textbox', { name: 'Nombre de la copia' });
	await expect(name).toHaveValue(/^Copia de Bogotá Región/);
	await page.screenshot({ path: testInfo.outputPath('demo-copy-dialog.png') });
	await name.fill('Mi Bogotá Región');
	await dialog.getByRole('button', { name: 'Hacer la copia' }).click();

	// The copy opens, editable: no read-only notice, "Agregar" is there.
	await expect(page).toHaveURL(/\/maps\/(?!demo)[^/?]+$/);
	const copyId = new URL(page.url()).pathname.split('/').at(-1)!;
	await expect(page.getByRole('heading', { name: 'Mi Bogotá Región', level: 1 })).toBeVisible();
	await expect(page.getByTestId('connection-status')).toHaveText('En vivo');
	await expect(page.getByTestId('read-only')).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Agregar agente' })).toBeVisible();

	// An agent of the copy is edited, and the server stores it in the copy only.
	await page.getByRole('searchbox', { name: 'Buscar agentes' }).fill('maloka');
	await page.getByTestId('agent-list').getByRole('button', { name: /Maloka/ }).click();
	const panel = page.getByTestId('agent-panel');
	await panel.getByRole('button', { name: 'Editar', exact: true }).click();
	const field = panel.getByRole('textbox', { name: 'Nombre', exact: true });
	await field.fill('Maloka en mi copia');
	await field.press('Enter');
	await expect(page.getByRole('heading', { name: 'Maloka en mi copia' })).toBeVisible();
	await expect(panel.getByTestId('save-state')).toHaveText('Guardado');
	await expect.poll(() => serverNames(page, copyId)).toContain('Maloka en mi copia');
	const demoNames = await serverNames(page, 'demo');
	expect(demoNames).toContain('Maloka');
	expect(demoNames).not.toContain('Maloka en mi copia');
});

// The copy button fits the phone's one-row app bar as a 44 px target (before: no button at all).
test('on a phone, the read-only demo offers the copy as a whole 44 px button in the app bar', async ({ browser }, testInfo) => {
	const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
	const page = await context.newPage();
	await page.addInitScript(() => localStorage.setItem('tejido.locale', 'en'));
	const signup = await page.request.post(`${base}/api/auth/signup`, {
		data: { email: `phone-${Date.now()}@example.org`, name: 'Phone', password: 'correct horse battery' }
	});
	expect(signup.status(), await signup.text()).toBe(201);
	await page.goto(`${base}/maps/demo`);
	await expect(page.getByTestId('connection-status')).toBeVisible();
	const copy = page.getByRole('button', { name: 'Copy to edit' });
	await expect(copy).toBeVisible();
	const box = (await copy.boundingBox())!;
	expect(box.width).toBeGreaterThanOrEqual(44);
	expect(box.height).toBeGreaterThanOrEqual(44);
	expect(box.x + box.width).toBeLessThanOrEqual(390);
	await page.screenshot({ path: testInfo.outputPath('demo-read-only-phone.png') });
	await copy.tap();
	await expect(page.getByRole('textbox', { name: 'Name of the copy' })).toHaveValue(/^Copy of Bogotá Región/);
	await page.screenshot({ path: testInfo.outputPath('demo-copy-dialog-phone.png') });
	await context.close();
});
