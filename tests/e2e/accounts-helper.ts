/** Signs a browser context up as a fresh account (the demo map is open to every account). */
import { expect, type Page } from '@playwright/test';

export async function signUp(page: Page, name: string): Promise<{ email: string; password: string }> {
	const email = `${name.toLowerCase().replace(/\W/g, '')}-${Math.random().toString(36).slice(2, 8)}@example.org`;
	const password = 'correct horse battery';
	const reply = await page.request.post('/api/auth/signup', { data: { email, name, password } });
	expect(reply.status(), await reply.text()).toBe(201);
	return { email, password };
}
