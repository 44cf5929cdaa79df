/**
 * Finding a place, help, and the signed-out landing page, in the built app with Debian's
 * chromium: "chia" + Enter flies the map to Chía (the status reads the map's own centre once
 * it has stopped) and pins it, and an editor can add an agent there; a pasted OpenStreetMap link does the
 * same and impossible coordinates are refused in words; "?" opens the help dialog, Esc closes
 * it and focus goes back; signed out, the home page shows the three things Tejido does and
 * leads through sign-up into the demo map.
 */
import { expect, test, type Page } from '@playwright/test';
import { signUp } from './accounts-helper.ts';

async function openDemo(page: Page): Promise<void> {
	await page.addInitScript(() => localStorage.setItem('tejido.locale', 'es'));
	await signUp(page, 'Lugares');
	await page.goto('/maps/demo');
	await expect(page.getByTestId('connection-status')).toHaveText('En vivo');
	await expect(page.locator('.map[data-loaded="true"]')).toBeVisible();
}

/** The map's centre as the place status states it: "(lat, lon)". */
async function shownCenter(page: Page): Promise<{ lat: number; lon: number }> {
	const status = page.getByTestId('place-shown');
	await expect(status).toHaveText(/\(-?\d+(\.\d+)?, -?\d+(\.\d+)?\)/);
	const [, lat, lon] = /\((-?[\d.]+), (-?[\d.]+)\)/.exec((await status.textContent()) ?? '')!;
	return { lat: Number(lat), lon: Number(lon) };
}

test('"chia" + Enter flies the map to Chía, and an editor adds an agent there', async ({ page }) => {
	await openDemo(page);
	const search = page.getByRole('combobox', { name: 'Buscar lugar' });
	await search.click();
	await page.keyboard.type('chia');
	const option = page.getByRole('option', { name: /^Chía/ });
	await expect(option).toHaveAttribute('aria-selected', 'true');
	await expect(search).toHaveAttribute('aria-expanded', 'true');
	await expect(search).toHaveAttribute('aria-activedescendant', (await option.getAttribute('id'))!);
	await expect(page.getByRole('status').filter({ hasText: /resultado/ })).toHaveText(/Pulse Intro|flechas/);

	await page.keyboard.press('Enter');
	await expect(search).toHaveAttribute('aria-expanded', 'false');
	await expect(page.getByTestId('place-shown')).toContainText('Chía');
	// Chía's centre is 4.8617, -74.0589; the map opened over Bogotá (4.68, -74.1).
	const center = await shownCenter(page);
	expect(Math.abs(center.lat - 4.8617)).toBeLessThan(0.01);
	expect(Math.abs(center.lon - -74.0589)).toBeLessThan(0.01);
	// A pin named after the place marks it; it goes once the agent is added there.
	const pin = page.getByRole('img', { name: 'Chía', exact: true });
	await expect(pin).toBeVisible();

	await page.getByRole('button', { name: 'Agregar agente aquí' }).click();
	await expect(pin).toHaveCount(0);
	await expect(page.getByRole('textbox', { name: 'Nombre', exact: true })).toBeFocused();
	expect(Number(await page.getByRole('spinbutton', { name: 'Latitud' }).inputValue())).toBeCloseTo(4.8617, 3);
	expect(Number(await page.getByRole('spinbutton', { name: 'Longitud' }).inputValue())).toBeCloseTo(-74.0589, 3);
});

test('a pasted OpenStreetMap link moves the map; impossible coordinates are refused in words', async ({ page }) => {
	await openDemo(page);
	const search = page.getByRole('combobox', { name: 'Buscar lugar' });
	await search.fill('https://www.openstreetmap.org/#map=15/4.6097/-74.0817');
	await expect(page.getByRole('option', { name: /4\.6097, -74\.0817/ })).toBeVisible();
	await search.press('Enter');
	const center = await shownCenter(page);
	expect(Math.abs(center.lat - 4.6097)).toBeLessThan(0.001);
	expect(Math.abs(center.lon - -74.0817)).toBeLessThan(0.001);

	await search.fill('4.61, -194.08');
	await expect(search).toHaveAttribute('aria-invalid', 'true');
	// Said next to the box, and tied to it for screen readers.
	await expect(search).toHaveAccessibleDescription(/la longitud debe estar entre -180 y 180/);
	await expect(page.locator(`#${await search.getAttribute('aria-describedby')}`)).toBeVisible();
	await expect(page.locator(`#${await search.getAttribute('aria-controls')}`).getByRole('option', { includeHidden: true })).toHaveCount(0);
	await expect(search).toHaveAttribute('aria-expanded', 'false');
	// Esc in the box clears it, and does not reach the map editor.
	await search.press('Escape');
	await search.press('Escape');
	await expect(search).toHaveValue('');
});

test('"?" opens the help dialog, Esc closes it and focus goes back', async ({ page }) => {
	await openDemo(page);
	// Typed into a field, "?" is just a character.
	const search = page.getByRole('combobox', { name: 'Buscar lugar' });
	await search.click();
	await page.keyboard.type('?');
	await expect(search).toHaveValue('?');
	await expect(page.getByRole('dialog')).toHaveCount(0);
	await search.press('Escape');
	await search.press('Escape');

	const map = page.getByRole('region', { name: 'Mapa de agentes' }).locator('canvas');
	await map.focus();
	await page.keyboard.press('?');
	const dialog = page.getByRole('dialog', { name: 'Ayuda' });
	await expect(dialog).toBeVisible();
	await expect(dialog.getByRole('button', { name: 'Cerrar la ayuda' })).toBeFocused();
	await expect(dialog.getByRole('heading', { name: 'Atajos de teclado' })).toBeVisible();
	for (const shortcut of ['Deshacer', 'Rehacer', 'Eliminar el agente elegido', 'Abrir esta ayuda']) {
		await expect(dialog.getByRole('cell', { name: new RegExp(shortcut) })).toBeVisible();
	}
	for (const howTo of ['Agregar un agente', 'Vincular dos agentes', 'Filtrar y dibujar una zona', 'Exportar', 'Importar una lista', 'Invitar al equipo']) {
		await expect(dialog.getByRole('term').filter({ hasText: new RegExp(`^${howTo}$`) })).toBeVisible();
	}
	// "N" inside the dialog does not start adding an agent behind it.
	await page.keyboard.press('n');
	await page.keyboard.press('Escape');
	await expect(dialog).toBeHidden();
	await expect(map).toBeFocused();
	await expect(page.getByText('Haga clic en el mapa para ubicar el agente')).toHaveCount(0);

	// The "?" button opens it too, and gets focus back.
	const button = page.getByRole('button', { name: /Ayuda y atajos de teclado/ });
	await button.click();
	await expect(dialog).toBeVisible();
	await page.keyboard.press('Escape');
	await expect(button).toBeFocused();
});

test('signed out, the home page says what Tejido does and leads into the demo map', async ({ page }) => {
	await page.addInitScript(() => localStorage.setItem('tejido.locale', 'es'));
	await page.goto('/');
	await expect(page.getByRole('heading', { level: 1 })).toContainText('estrategia de innovación');
	await expect(page.getByRole('img', { name: /Mapa de Tejido/ })).toBeVisible();
	// The picture is really there, not a broken image.
	expect(await page.getByRole('img', { name: /Mapa de Tejido/ }).evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
	for (const point of ['Un mapa, editado en equipo y en vivo', 'Cada agente ubicado y vinculado', 'Filtrar, exportar y entender la red']) {
		await expect(page.getByRole('heading', { level: 3, name: point })).toBeVisible();
	}

	await page.getByRole('link', { name: 'Probar el mapa de demostración' }).click();
	await page.getByLabel('Su nombre').fill('Visitante');
	await page.getByLabel('Correo electrónico').fill(`visitante-${Date.now()}@example.org`);
	await page.getByLabel('Contraseña').fill('correct horse battery');
	await page.getByRole('button', { name: 'Crear una cuenta' }).click();
	await expect(page).toHaveURL(/\/maps\/demo$/);
	await expect(page.locator('.map[data-loaded="true"]')).toBeVisible();
});

test.describe('phone', () => {
	test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

	test('the landing page fits a phone, in English too', async ({ page }) => {
		await page.addInitScript(() => localStorage.setItem('tejido.locale', 'en'));
		await page.goto('/');
		await expect(page.getByRole('link', { name: 'Try the demo map' })).toBeVisible();
		await expect(page.getByRole('heading', { level: 3, name: 'Filter, export and understand the network' })).toBeVisible();
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
		const link = (await page.getByRole('link', { name: 'Try the demo map' }).boundingBox())!;
		expect(link.height).toBeGreaterThanOrEqual(44);
	});
});
