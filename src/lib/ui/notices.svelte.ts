/**
 * Short messages for the user (an error, "deleted — undo"), and the one place that turns an
 * error into words: model refusals get a translated explanation, anything else a generic one
 * plus the details in the console.
 */
import { ModelError } from '#lib/model/index.ts';
import { t, type MessageKey } from '#lib/i18n/i18n.svelte.ts';

export interface Notice {
	id: number;
	kind: 'error' | 'info';
	text: string;
	action?: { label: string; run: () => void };
}

class Notices {
	#items = $state<Notice[]>([]);
	private next = 1;

	get items(): Notice[] {
		return this.#items;
	}

	show(kind: Notice['kind'], text: string, action?: Notice['action'], ms = 6000): void {
		const id = this.next++;
		this.#items = [...this.#items.slice(-2), { id, kind, text, action }];
		setTimeout(() => this.dismiss(id), ms);
	}

	dismiss(id: number): void {
		this.#items = this.#items.filter((notice) => notice.id !== id);
	}

	error(error: unknown): void {
		this.show('error', describeError(error));
		if (!(error instanceof ModelError)) console.error(error);
	}
}

const MODEL_MESSAGES: Partial<Record<ModelError['code'], MessageKey>> = {
	'invalid-position': 'error.invalidPosition',
	'unknown-agent': 'error.gone'
};

export function describeError(error: unknown): string {
	if (error instanceof ModelError) {
		const key = MODEL_MESSAGES[error.code];
		if (key) return t(key);
		if (/needs a name/.test(error.message)) return t('error.nameRequired');
		return t('error.generic', { message: error.message });
	}
	return t('error.generic', { message: error instanceof Error ? error.message : String(error) });
}

export const notices = new Notices();

/** Runs an edit and reports a refusal instead of letting it escape to the console. */
export function attempt(edit: () => void): boolean {
	try {
		edit();
		return true;
	} catch (error) {
		notices.error(error);
		return false;
	}
}
