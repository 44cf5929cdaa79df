/**
 * The i18n layer: every user-facing string goes through `t`. The language starts from the
 * browser's preference (Spanish unless it prefers English), can be switched, and is kept.
 */
import { en, type MessageKey, type Messages } from './en.ts';
import { es } from './es.ts';

export const LOCALES = { es, en } as const;
export type Locale = keyof typeof LOCALES;
const STORAGE_KEY = 'tejido.locale';

function initialLocale(): Locale {
	if (typeof window === 'undefined') return 'es';
	const saved = localStorage.getItem(STORAGE_KEY);
	if (saved === 'es' || saved === 'en') return saved;
	for (const lang of navigator.languages ?? [navigator.language]) {
		const base = lang.toLowerCase().slice(0, 2);
		if (base === 'es' || base === 'en') return base;
	}
	return 'es';
}

class I18n {
	locale = $state<Locale>(initialLocale());

	setLocale(locale: Locale): void {
		this.locale = locale;
		localStorage.setItem(STORAGE_KEY, locale);
		document.documentElement.lang = locale;
	}

	/** The message for `key` in the current language, with `{name}` placeholders filled. */
	t = (key: MessageKey, params: Record<string, string | number> = {}): string => {
		const messages: Messages = LOCALES[this.locale];
		return messages[key].replace(/\{(\w+)\}/g, (match, name: string) =>
			name in params ? String(params[name]) : match
		);
	};
}

export const i18n = new I18n();
export const t = i18n.t;
export type { MessageKey };
