/**
 * "Forgot your password?": an emailed link that sets a new password once, within an hour.
 * Asking answers the same whether an account has the email or not (so this cannot list who
 * uses Tejido), and is throttled per email and per address. Using the link ends every
 * session of the account and closes their live connections, as a password change does.
 */
import type { Context, Hono } from 'hono';
import { hashPassword, passwordProblem } from '../auth/passwords.ts';
import type { SessionManager } from '../auth/sessions.ts';
import type { Throttles } from '../auth/throttles.ts';
import { hashSecret, newToken, parseToken, secretMatches } from '../auth/tokens.ts';
import type { LiveConnections } from '../collab/live-connections.ts';
import { mailLocale, passwordResetMail } from '../mail/messages.ts';
import type { MailSender } from '../mail/sender.ts';
import type { AccountStore, PasswordResetRecord } from '../store/account-store.ts';
import type { AppEnv } from './app-env.ts';
import { readJson, text } from './body.ts';
import { clearSessionCookie } from './request-guards.ts';

export const RESET_LINK_MS = 60 * 60 * 1000;
const NO_MAIL = 'Email is not set up on this server, so no link can be sent. Ask an administrator of this Tejido.';
const INVALID = 'This link is not valid, was already used, or has expired. Ask for a new one.';

interface Deps {
	accounts: AccountStore;
	sessions: SessionManager;
	throttles: Throttles;
	live: LiveConnections;
	mail: MailSender | null;
	remoteAddress: (c: Context<AppEnv>) => string;
	tooManyAttempts: (c: Context<AppEnv>, waitMs: number, what?: string) => Response;
	emailPattern: RegExp;
}

export function mountPasswordReset(app: Hono<AppEnv>, deps: Deps): void {
	const { accounts, sessions, throttles, live, mail } = deps;

	app.post('/api/auth/password-reset', async (c) => {
		// Saying so rather than pretending a link was sent.
		if (!mail) return c.json({ error: NO_MAIL, code: 'mail-off' }, 503);
		const body = await readJson(c);
		const email = text(body, 'email', 254).toLowerCase();
		if (!deps.emailPattern.test(email)) return c.json({ error: 'Enter a valid email address.', field: 'email' }, 400);
		const wait = await throttles.create('reset', email, deps.remoteAddress(c));
		if (wait > 0) return deps.tooManyAttempts(c, wait, 'requests for a new password');
		const user = await accounts.userByEmail(email);
		if (user) {
			const token = newToken();
			const now = Date.now();
			const expiresAt = now + RESET_LINK_MS;
			await accounts.createPasswordReset({ id: token.id, userId: user.id, secretHash: hashSecret(token.secret), createdAt: now, expiresAt });
			const link = `${mail.publicUrl}/reset/${token.value}`;
			await mail.queue(passwordResetMail({ locale: mailLocale(body.language), to: user.email, name: user.name, link, expiresAt }));
		}
		return c.json({ ok: true }, 202);
	});

	app.get('/api/auth/password-reset/:token', async (c) => {
		const reset = await liveReset(c.req.param('token'));
		return reset ? c.json({ ok: true }) : c.json({ error: INVALID }, 410);
	});

	app.post('/api/auth/password-reset/:token', async (c) => {
		const reset = await liveReset(c.req.param('token'));
		if (!reset) return c.json({ error: INVALID }, 410);
		const body = await readJson(c);
		const problem = passwordProblem(body.password);
		if (problem) return c.json({ error: problem, field: 'password' }, 400);
		const hash = await hashPassword(body.password as string);
		// Of two uses at once, one gets here; the other finds the link gone.
		if (!(await accounts.usePasswordReset(reset.id))) return c.json({ error: INVALID }, 410);
		await accounts.setPasswordHash(reset.userId, hash);
		// Whoever had the old password (or a session) is out, everywhere, live connections too.
		await sessions.invalidateAll(reset.userId);
		live.revoke({ kind: 'account', userId: reset.userId });
		clearSessionCookie(c);
		return c.json({ ok: true });
	});

	async function liveReset(value: string): Promise<PasswordResetRecord | null> {
		const token = parseToken(value);
		const reset = token ? await accounts.getPasswordReset(token.id) : null;
		if (!token || !reset || !secretMatches(token.secret, reset.secretHash)) return null;
		return Date.now() < reset.expiresAt ? reset : null;
	}
}
