/**
 * axe-core (WCAG 2.0/2.1/2.2 A and AA rules) finds no violation on any page or state a person
 * meets: signed out, signing in, their maps, the map with its list, an agent's panel, the
 * filters, the import dialog and the export menu, the phone layout, and the map's other pages.
 * Each state prints its count, so a run shows where a regression is.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { signUp } from './accounts-helper.ts';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

async function expectNoViolations(page: Page, state: string): Promise<void> {
	const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
	const summary = violations.map((v) => `${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
	console.log(`axe ${state}: ${violations.length} violations${summary.length ? `\n  ${summary.join('\n  ')}` : ''}`);
	expect(summary, state).toEqual([]);
}

async function openDemo(page: Page): Promise<void> {
	await page.goto('/maps/demo');
	await expect(page.getByTestId('connection-status')).toHaveText('En vivo');
	await expect(page.locator('.map[data-loaded="true"]')).toBeVisible();
	await expect(page.locator('.map[data-idle="true"]')).toBeVisible();
}

test.beforeEach(async ({ page }) => {
	await page.addInitScript(() => localStorage.setItem('tejido.locale', 'es'));
});

test('signed out: the landing page and the sign-in page', async ({ page }) => {
	await page.goto('/');
	await expect(page.locator('main')).toBeVisible();
	await expectNoViolations(page, 'landing (signed out)');
	await page.goto('/login');
	await expect(page.getByRole('button', { name: 'Iniciar sesión' }).first()).toBeVisible();
	await expectNoViolations(page, 'sign-in');
});

test('the map page: list, agent panel, filters, import dialog, export menu', async ({ page }) => {
	await signUp(page, 'Axe');
	await page.goto('/');
	await expect(page.getByRole('heading', { name: 'Mis mapas' })).toBeVisible();
	await expectNoViolations(page, 'my maps');

	await openDemo(page);
	await expectNoViolations(page, 'map with list');

	await page.getByRole('searchbox', { name: 'Buscar agentes' }).fill('universidad nacional');
	await page.getByRole('button', { name: /Universidad Nacional de Colombia/ }).click();
	await expect(page.getByRole('heading', { name: 'Universidad Nacional de Colombia' })).toBeVisible();
	await expectNoViolations(page, 'map with agent panel');
	await page.keyboard.press('Escape');
	await page.keyboard.press('Escape');

	const closed = page.getByTestId('list-sheet').locator('details:not([open]) > summary');
	while ((await closed.count()) > 0) await closed.first().click();
	await expectNoViolations(page, 'map with every filter open');

	await page.getByRole('button', { name: 'Importar', exact: true }).click();
	await expect(page.getByRole('dialog')).toBeVisible();
	await expectNoViolations(page, 'import dialog');
	await page.keyboard.press('Escape');

	await page.getByRole('button', { name: 'Exportar' }).click();
	await expect(page.getByRole('group', { name: 'Exportar' })).toBeVisible();
	await expectNoViolations(page, 'export menu');
});

test('the map\'s other pages', async ({ page }) => {
	await signUp(page, 'Axe');
	for (const [path, state, ready] of [
		['/maps/demo/indicators', 'indicators', 'Indicadores'],
		['/maps/demo/projects', 'projects', 'Proyectos'],
		['/maps/demo/activity', 'activity', 'Actividad'],
		['/account', 'account', 'Cuenta']
	] as const) {
		await page.goto(path);
		await expect(page.getByRole('heading', { level: 1 }).first()).toContainText(ready);
		await page.waitForLoadState('networkidle');
		await expectNoViolations(page, state);
	}
});

test.describe('phone', () => {
	test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

	test('the phone layout: map, list sheet, agent sheet', async ({ page }) => {
		await signUp(page, 'Axe');
		await openDemo(page);
		await expectNoViolations(page, 'phone map');
		await page.getByRole('button', { name: 'Agentes' }).tap();
		await expectNoViolations(page, 'phone list sheet');
		await page.getByRole('searchbox', { name: 'Buscar agentes' }).fill('universidad nacional');
		await page.getByRole('button', { name: /Universidad Nacional de Colombia/ }).tap();
		await expect(page.getByRole('heading', { name: 'Universidad Nacional de Colombia' })).toBeVisible();
		await expectNoViolations(page, 'phone agent sheet');
		await page.getByRole('button', { name: 'Más' }).tap();
		await expectNoViolations(page, 'phone more menu');
	});
});
