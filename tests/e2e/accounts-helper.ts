/** Signing browser contexts up as fresh accounts (the demo map is open to every account). */
import { expect, type Browser, type Page } from '@playwright/test';

export async function signUp(page: Page, name: string): Promise<{ email: string; password: string }> {
	const email = `${name.toLowerCase().replace(/\W/g, '')}-${Math.random().toString(36).slice(2, 8)}@example.org`;
	const password = 'correct horse battery';
	const reply = await page.request.post('/api/auth/signup', { data: { email, name, password } });
	expect(reply.status(), await reply.text()).toBe(201);
	return { email, password };
}

/** Signs up through the API with the page in Spanish and a known presence colour. */
export async function signedIn(page: Page, name: string): Promise<void> {
	await page.addInitScript((user) => {
		localStorage.setItem('tejido.identity', JSON.stringify(user));
		localStorage.setItem('tejido.locale', 'es');
	}, { name, color: '#00798c' });
	await signUp(page, name);
}

/** Signs up through the sign-up page, in Spanish, as a person does; ends on "Mis mapas". */
export async function signUpThroughPage(page: Page, name: string): Promise<void> {
	await page.addInitScript(() => localStorage.setItem('tejido.locale', 'es'));
	await page.goto('/login?mode=signup');
	await page.getByLabel('Su nombre').fill(name);
	await page.getByLabel('Correo electrónico').fill(`${name.toLowerCase()}-${Date.now()}@example.org`);
	await page.getByLabel('Contraseña').fill('correct horse battery');
	await page.getByRole('button', { name: 'Crear una cuenta' }).click();
	await expect(page.getByRole('heading', { name: 'Mis mapas' })).toBeVisible();
}

/** Ana and Beto, each in a browser context of their own, made ready by `ready` (signed in, on a map…). */
export async function anaAndBeto(
	browser: Browser,
	ready: (page: Page, name: string) => Promise<void>
): Promise<{ a: Page; b: Page; close: () => Promise<void> }> {
	const contexts = [await browser.newContext(), await browser.newContext()];
	const [a, b] = await Promise.all(contexts.map((context) => context.newPage()));
	await ready(a, 'Ana');
	await ready(b, 'Beto');
	return {
		a,
		b,
		close: async () => {
			await Promise.all(contexts.map((context) => context.close()));
		}
	};
}
