/**
 * Forgot password end to end: the sign-in page's link, the email read from a real SMTP server
 * this test starts (the app's SMTP_URL points at it, playwright.config.ts), the emailed link
 * opened in the browser, a new password set, and signing in with it (the old one refused).
 * Each new page passes axe's WCAG A/AA rules.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { signUp } from './accounts-helper.ts';
import { E2E_SMTP_PORT } from './mail-helper.ts';
import { linkIn, startInbox } from '../server/smtp-inbox.ts';

async function expectAccessible(page: Page, state: string): Promise<void> {
	const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
	expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`), state).toEqual([]);
}

test('a forgotten password is replaced through the emailed link, and the new one signs in', async ({ browser }) => {
	const inbox = await startInbox(E2E_SMTP_PORT);
	try {
		const setup = await browser.newContext();
		const { email, password } = await signUp(await setup.newPage(), 'Olvido');
		await setup.close();

		const context = await browser.newContext();
		const page = await context.newPage();
		await page.addInitScript(() => localStorage.setItem('tejido.locale', 'es'));
		await page.goto('/login');
		await page.getByLabel('Correo electrónico').fill(email);
		await page.getByRole('link', { name: '¿Olvidó su contraseña?' }).click();
		await expect(page.getByRole('heading', { name: 'Elegir una contraseña nueva' })).toBeVisible();
		// The address typed on the sign-in page comes along.
		await expect(page.getByLabel('Correo electrónico')).toHaveValue(email);
		await expectAccessible(page, 'reset form');
		await page.getByRole('button', { name: 'Enviar el enlace' }).click();
		await expect(page.getByTestId('reset-sent')).toContainText(email);
		await expectAccessible(page, 'reset sent');

		const mail = await inbox.next(email);
		expect(mail.subject).toBe('Elija una contraseña nueva para Tejido');
		const link = linkIn(mail.text, `http://localhost:${new URL(page.url()).port}/reset/`);
		await page.goto(link);
		await expect(page.getByLabel('Contraseña nueva')).toBeVisible();
		await expectAccessible(page, 'new password form');
		await page.getByLabel('Contraseña nueva').fill('una clave nueva y larga');
		await page.getByRole('button', { name: 'Guardar la contraseña nueva' }).click();
		await expect(page.getByTestId('reset-done')).toBeVisible();
		await expectAccessible(page, 'sign-in after reset');

		// The old password no longer works; the new one does.
		await page.getByLabel('Correo electrónico').fill(email);
		await page.getByLabel('Contraseña', { exact: true }).fill(password);
		await page.getByRole('button', { name: 'Iniciar sesión' }).click();
		await expect(page.getByRole('alert')).toBeVisible();
		await page.getByLabel('Contraseña', { exact: true }).fill('una clave nueva y larga');
		await page.getByRole('button', { name: 'Iniciar sesión' }).click();
		await expect(page.getByRole('heading', { name: 'Mis mapas' })).toBeVisible();

		// The link was used up.
		await page.goto(link);
		await expect(page.getByText('Este enlace no es válido, ya se usó o caducó. Pida uno nuevo.')).toBeVisible();
		await expectAccessible(page, 'used link');
		await context.close();
	} finally {
		await inbox.stop();
	}
});
