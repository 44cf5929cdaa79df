/** Sign up, sign in, sign out (here or everywhere), password change and reset, and who am I. */
import type { Context, Hono } from 'hono';
import { randomUUID } from 'node:crypto';
import type { Throttles } from '../auth/throttles.ts';
import type { LiveConnections } from '../collab/live-connections.ts';
import type { ServerConfig } from '../config.ts';
import { decoyHash, hashPassword, passwordProblem, verifyPassword } from '../auth/passwords.ts';
import type { SessionManager } from '../auth/sessions.ts';
import { log } from '../log.ts';
import { DuplicateEmailError, type AccountStore } from '../store/account-store.ts';
import type { AppEnv } from './app-env.ts';
import { readJson, text } from './body.ts';
import { clientAddress } from './client-address.ts';
import { clearSessionCookie, setSessionCookie } from './request-guards.ts';
import type { MailSender } from '../mail/sender.ts';
import { mountPasswordReset } from './password-reset-routes.ts';

interface Deps {
	accounts: AccountStore;
	sessions: SessionManager;
	throttles: Throttles;
	live: LiveConnections;
	config: ServerConfig;
	mail: MailSender | null;
}

/** What an email address must look like: something@somewhere.tld, bounded. */
export const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/;
const WRONG = 'The email or the password is not right. Check them and try again.';

export function tooManyAttempts(c: Context<AppEnv>, waitMs: number, what = 'attempts') {
	c.header('Retry-After', String(Math.ceil(waitMs / 1000)));
	return c.json({ error: `Too many ${what}. Wait ${Math.ceil(waitMs / 60000)} minutes and try again.` }, 429);
}

export function mountAuth(app: Hono<AppEnv>, { accounts, sessions, throttles, live, config, mail }: Deps): void {
	const remoteAddress = (c: Context<AppEnv>) => clientAddress(c, config.trustProxy);
	mountPasswordReset(app, { accounts, sessions, throttles, live, mail, remoteAddress, tooManyAttempts, emailPattern: EMAIL });
	const throttle = throttles.passwords;
	/** Wrong guesses count per account-and-address and per address, never per account alone. */
	const guessKeys = (account: string, address: string) =>
		[
			[throttles.passwords, `account:${account}|${address}`],
			[throttles.addresses, `address:${address}`]
		] as const;
	const guessWait = async (account: string, address: string) =>
		Math.max(...(await Promise.all(guessKeys(account, address).map(([t, key]) => t.retryAfter(key)))));
	const failGuess = (account: string, address: string) =>
		Promise.all(guessKeys(account, address).map(([t, key]) => t.fail(key)));

	app.get('/api/me', (c) => {
		const session = c.get('session');
		if (!session) return c.json({ error: 'You are not signed in.' }, 401);
		return c.json({ user: session.user });
	});

	app.post('/api/auth/signup', async (c) => {
		const body = await readJson(c);
		const email = text(body, 'email', 254).toLowerCase();
		const name = text(body, 'name', 80);
		const password = body.password;
		if (!EMAIL.test(email)) return c.json({ error: 'Enter a valid email address.', field: 'email' }, 400);
		if (!name) return c.json({ error: 'Enter your name, as colleagues will see it.', field: 'name' }, 400);
		const problem = passwordProblem(password);
		if (problem) return c.json({ error: problem, field: 'password' }, 400);
		// Without email delivery, a sign-up for a taken email must say so (vaguely): so that this
		// cannot list who uses Tejido, such refusals count against the address like failed sign-ins.
		const signupKey = `signup:${remoteAddress(c)}`;
		const wait = await throttle.retryAfter(signupKey);
		if (wait > 0) return tooManyAttempts(c, wait);
		const created = await throttles.create('signup', null, remoteAddress(c));
		if (created > 0) return tooManyAttempts(c, created, 'new accounts from your network');
		const user = { id: randomUUID(), email, name, isAdmin: false, createdAt: Date.now() };
		try {
			await accounts.createUser(user, await hashPassword(password as string));
		} catch (error) {
			if (error instanceof DuplicateEmailError) {
				await throttle.fail(signupKey);
				return c.json({ error: 'This account could not be created. If you already have one, sign in instead.' }, 409);
			}
			throw error;
		}
		const { token, expiresAt } = await sessions.create(user.id);
		setSessionCookie(c, token, expiresAt);
		return c.json({ user }, 201);
	});

	app.post('/api/auth/signin', async (c) => {
		const body = await readJson(c);
		const email = text(body, 'email', 254).toLowerCase();
		const password = typeof body.password === 'string' ? body.password.slice(0, 256) : '';
		const address = remoteAddress(c);
		const wait = await guessWait(email, address);
		if (wait > 0) return tooManyAttempts(c, wait);
		const user = await accounts.userByEmail(email);
		const ok = await verifyPassword(user?.passwordHash ?? (await decoyHash()), password);
		if (!user || !ok) {
			await failGuess(email, address);
			log('info', 'failed sign-in', { address });
			return c.json({ error: WRONG }, 401);
		}
		await throttle.succeed(`account:${email}|${address}`);
		const { token, expiresAt } = await sessions.create(user.id);
		setSessionCookie(c, token, expiresAt);
		const { passwordHash: _, ...publicUser } = user;
		return c.json({ user: publicUser });
	});

	app.post('/api/auth/signout', async (c) => {
		const session = c.get('session');
		if (session) {
			await sessions.invalidate(session.sessionId);
			live.revoke({ kind: 'session', sessionId: session.sessionId });
		}
		clearSessionCookie(c);
		return c.json({ ok: true });
	});

	app.post('/api/auth/signout-others', async (c) => {
		const session = c.get('session');
		if (!session) return c.json({ error: 'You are not signed in.' }, 401);
		await sessions.invalidateAll(session.user.id, session.sessionId);
		live.revoke({ kind: 'account', userId: session.user.id, exceptSessionId: session.sessionId });
		return c.json({ ok: true });
	});

	app.post('/api/auth/password', async (c) => {
		const session = c.get('session');
		if (!session) return c.json({ error: 'You are not signed in.' }, 401);
		const body = await readJson(c);
		// Someone at an unlocked, signed-in computer must not be able to guess the password.
		const address = remoteAddress(c);
		const wait = await guessWait(`user:${session.user.id}`, address);
		if (wait > 0) return tooManyAttempts(c, wait);
		const user = await accounts.userById(session.user.id);
		if (!user || !(await verifyPassword(user.passwordHash, String(body.current ?? '')))) {
			await failGuess(`user:${session.user.id}`, address);
			return c.json({ error: 'Your current password is not right.', field: 'current' }, 400);
		}
		const problem = passwordProblem(body.next);
		if (problem) return c.json({ error: problem, field: 'next' }, 400);
		await accounts.setPasswordHash(user.id, await hashPassword(body.next as string));
		// A changed password ends every session, this one included; then a fresh one starts here.
		// The live connections of the other sessions close; this one's belong to whoever just
		// proved the password, and stay.
		await sessions.invalidateAll(user.id);
		live.revoke({ kind: 'account', userId: user.id, exceptSessionId: session.sessionId });
		const { token, expiresAt } = await sessions.create(user.id);
		setSessionCookie(c, token, expiresAt);
		return c.json({ ok: true });
	});
}
