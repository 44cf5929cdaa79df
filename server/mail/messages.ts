/**
 * The emails Tejido sends, in the recipient's language (Spanish unless known otherwise), as
 * plain text and simple HTML: no images, no remote content, no tracking, links as they are.
 * The words come from the app's catalogue (src/lib/i18n/messages/mail.ts).
 */
import * as accounts from '../../src/lib/i18n/messages/accounts.ts';
import * as mail from '../../src/lib/i18n/messages/mail.ts';
import type { Role } from '../auth/permissions.ts';
import type { OutgoingMail } from '../store/outbox-store.ts';

export type MailLocale = 'es' | 'en';
const CATALOGUE = { en: { ...accounts.en, ...mail.en }, es: { ...accounts.es, ...mail.es } };
type Key = keyof typeof CATALOGUE.en;

/** A language asked for, or Spanish. */
export function mailLocale(value: unknown): MailLocale {
	return value === 'en' ? 'en' : 'es';
}

function words(locale: MailLocale) {
	return (key: Key, params: Record<string, string | number> = {}) =>
		CATALOGUE[locale][key].replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

const escapeHtml = (value: string) =>
	value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Names typed by users go into the subject: no line breaks, bounded. */
const oneLine = (value: string) => value.replace(/[\r\n\t]+/g, ' ').slice(0, 200);

interface Parts {
	locale: MailLocale;
	to: string;
	subject: string;
	paragraphs: string[];
	link: string;
	action: string;
	after: string;
	expiresAt: number;
}

function compose({ locale, to, subject, paragraphs, link, action, after, expiresAt }: Parts): OutgoingMail {
	const t = words(locale);
	const footer = t('mail.footer');
	const text = [...paragraphs, link, after, '--', footer].join('\n\n') + '\n';
	const html = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:system-ui,sans-serif;color:#1d2329;line-height:1.5;max-width:36rem;margin:0 auto;padding:1rem">
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
<p><a href="${escapeHtml(link)}" style="display:inline-block;background:#00798c;color:#ffffff;padding:0.6rem 1rem;border-radius:4px;text-decoration:none">${escapeHtml(action)}</a></p>
<p style="font-size:0.9em;word-break:break-all"><a href="${escapeHtml(link)}" style="color:#0b5394">${escapeHtml(link)}</a></p>
<p>${escapeHtml(after)}</p>
<p style="font-size:0.85em;color:#5d6670">${escapeHtml(footer)}</p>
</body></html>
`;
	return { to, subject: oneLine(subject), text, html, expiresAt };
}

export function passwordResetMail(input: { locale: MailLocale; to: string; name: string; link: string; expiresAt: number }): OutgoingMail {
	const t = words(input.locale);
	return compose({
		...input,
		subject: t('mail.reset.subject'),
		paragraphs: [t('mail.reset.greeting', { name: input.name }), t('mail.reset.body')],
		action: t('mail.reset.action'),
		after: t('mail.reset.ignore')
	});
}

export function invitationMail(input: {
	locale: MailLocale;
	to: string;
	inviter: string;
	map: string;
	role: Role;
	days: number;
	link: string;
	expiresAt: number;
}): OutgoingMail {
	const t = words(input.locale);
	const params = { inviter: oneLine(input.inviter), map: oneLine(input.map), role: t(`role.${input.role}`), days: input.days };
	return compose({
		...input,
		subject: t('mail.invitation.subject', params),
		paragraphs: [t('mail.invitation.body', params)],
		action: t('mail.invitation.action'),
		after: t('mail.invitation.ignore', params)
	});
}
