/**
 * Every action has a keyboard path with a visible focus, and a phone-sized touch screen can
 * add and move agents. Real built app, real server, Debian's chromium.
 */
import { expect, test, type Page } from '@playwright/test';
import { signUp } from './accounts-helper.ts';

async function open(page: Page): Promise<void> {
	await page.addInitScript(() => localStorage.setItem('tejido.locale', 'es'));
	await signUp(page, 'Teclado');
	await page.goto('/maps/demo');
	await expect(page.getByTestId('connection-status')).toHaveText('En vivo');
	await expect(page.locator('.map[data-loaded="true"]')).toBeVisible();
}

test('keyboard: add, name, find, delete and undo without a mouse', async ({ page }) => {
	await open(page);
	const add = page.getByRole('button', { name: 'Agregar agente' });
	await add.focus();
	// The focused control shows a focus ring (our :focus-visible outline).
	await page.keyboard.press('Shift+Tab');
	await page.keyboard.press('Tab');
	await expect(add).toBeFocused();
	expect(await add.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');

	// Agregar from the keyboard offers the way to place without pointing: at the map's centre.
	await page.keyboard.press('Enter');
	await expect(page.getByRole('button', { name: 'Agregar en el centro del mapa' })).toBeFocused();
	await page.keyboard.press('Enter');
	const name = page.getByRole('textbox', { name: 'Nombre', exact: true });
	await expect(name).toBeFocused();
	await page.keyboard.type('Centro de Teclado');
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { name: 'Centro de Teclado' })).toBeVisible();
	await page.keyboard.press('Escape');
	await expect(page.getByRole('heading', { name: 'Centro de Teclado' })).toHaveCount(0);

	// Find it through the list (accent- and case-insensitive), open it with Enter.
	const search = page.getByRole('searchbox', { name: 'Buscar agentes' });
	await search.focus();
	await page.keyboard.type('centro de teclado');
	await page.keyboard.press('Tab');
	await expect(page.getByRole('button', { name: /Centro de Teclado/ })).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { name: 'Centro de Teclado' })).toBeVisible();

	// Delete from the keyboard, then undo it with Ctrl+Z.
	await page.keyboard.press('Delete');
	await expect(page.getByRole('button', { name: /Centro de Teclado/ })).toHaveCount(0);
	await expect(page.getByText('Se eliminó «Centro de Teclado».')).toBeVisible();
	await page.keyboard.press('Control+z');
	await expect(page.getByRole('button', { name: /Centro de Teclado/ })).toBeVisible();
});

test.describe('phone', () => {
	test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

	test('touch: tap to add an agent, then drag it with a finger', async ({ page }) => {
		await open(page);
		await page.getByRole('button', { name: 'Agregar agente' }).tap();
		const map = (await page.getByTestId('map-area').boundingBox())!;
		const spot = { x: map.x + map.width * 0.5, y: map.y + map.height * 0.2 };
		await page.touchscreen.tap(spot.x, spot.y);
		const name = page.getByRole('textbox', { name: 'Nombre', exact: true });
		await name.fill('Agente táctil');
		await name.press('Enter');

		// The panel is a bottom sheet that leaves the upper map visible.
		const panel = (await page.getByRole('complementary').boundingBox())!;
		expect(panel.y).toBeGreaterThan(spot.y + 20);
		expect(panel.width).toBeGreaterThan(380);

		const lat = page.getByRole('spinbutton', { name: 'Latitud' });
		const before = Number(await lat.inputValue());
		const cdp = await page.context().newCDPSession(page);
		const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', x: number, y: number) =>
			cdp.send('Input.dispatchTouchEvent', {
				type,
				touchPoints: type === 'touchEnd' ? [] : [{ x, y, id: 1 }]
			});
		await touch('touchStart', spot.x, spot.y);
		for (let step = 1; step <= 8; step++) await touch('touchMove', spot.x, spot.y + 10 * step);
		await touch('touchEnd', spot.x, spot.y + 80);
		// Dragging down moves the agent south.
		await expect.poll(async () => Number(await lat.inputValue())).toBeLessThan(before - 0.005);
	});
});
