/**
 * A map's targets on the members' indicators page: read from the server, which owners alone
 * change (server/http/targets-routes.ts). Read again when the window regains focus, so a page
 * left open catches up with another owner's changes; after this page's own, at once.
 */
import { api, type ApiResult } from '#lib/api/client.ts';
import { t, type MessageKey } from '#lib/i18n/i18n.svelte.ts';
import { byDeadline, type Target, type TargetField } from '#lib/model/index.ts';

/** A refusal in words for the person: what happened and what to do. */
export interface TargetProblem {
	text: string;
	/** The form field to correct, when it is one. */
	field?: TargetField;
}

type Refusal = Extract<ApiResult<unknown>, { ok: false }>;

const FIELD_MESSAGES: Record<TargetField, MessageKey> = {
	label: 'targets.error.label',
	goal: 'targets.error.goal',
	from: 'targets.error.from',
	until: 'targets.error.until',
	kinds: 'targets.error.kinds'
};

export function fieldProblem(field: TargetField): TargetProblem {
	return { text: t(FIELD_MESSAGES[field]), field };
}

function problemOf(result: Refusal): TargetProblem {
	if (result.status === 400 && result.field && result.field in FIELD_MESSAGES) return fieldProblem(result.field as TargetField);
	if (result.status === 0) return { text: t('targets.error.offline') };
	if (result.status === 401 || result.status === 403) return { text: t('targets.error.forbidden') };
	if (result.status === 404) return { text: t('targets.error.gone') };
	if (result.code === 'archived') return { text: t('targets.error.archived') };
	if (result.code === 'too-many') return { text: t('targets.error.tooMany') };
	return { text: t('targets.error.other', { message: result.error }) };
}

export class MapTargets {
	#list = $state.raw<Target[]>([]);
	#canEdit = $state(false);
	#loaded = $state(false);
	#loadFailed = $state(false);
	readonly #base: string;
	readonly #query: string;

	constructor(mapId: string, share: string | null) {
		this.#base = `/api/maps/${encodeURIComponent(mapId)}/targets`;
		this.#query = share ? `?share=${encodeURIComponent(share)}` : '';
	}

	get list(): Target[] {
		return this.#list;
	}
	/** Whether the server lets this person change them (an owner of a map not archived). */
	get canEdit(): boolean {
		return this.#canEdit;
	}
	/** The first read has answered (with the targets, or a failure). */
	get loaded(): boolean {
		return this.#loaded;
	}
	get loadFailed(): boolean {
		return this.#loadFailed;
	}

	async load(): Promise<void> {
		const result = await api<{ targets: Target[]; canEdit: boolean }>('GET', this.#base + this.#query);
		if (result.ok) {
			this.#list = result.data.targets;
			this.#canEdit = result.data.canEdit;
			this.#loadFailed = false;
		} else if (!this.#loaded || this.#list.length === 0) {
			// A failed refresh keeps what is shown; a failed first read says so.
			this.#loadFailed = true;
		}
		this.#loaded = true;
	}

	/** Reads again whenever the window comes back into view; returns the stop. */
	refreshOnFocus(): () => void {
		const refresh = () => {
			if (document.visibilityState === 'visible') void this.load();
		};
		window.addEventListener('focus', refresh);
		document.addEventListener('visibilitychange', refresh);
		return () => {
			window.removeEventListener('focus', refresh);
			document.removeEventListener('visibilitychange', refresh);
		};
	}

	/** Adds a target; null when added, or the problem to show. */
	async add(input: Omit<Target, 'id'>): Promise<TargetProblem | null> {
		const result = await api<{ target: Target }>('POST', this.#base, input);
		if (!result.ok) return this.refused(result);
		this.#list = [...this.#list, result.data.target].sort(byDeadline);
		return null;
	}

	async remove(id: string): Promise<TargetProblem | null> {
		const result = await api('DELETE', `${this.#base}/${encodeURIComponent(id)}`);
		if (!result.ok) return this.refused(result);
		this.#list = this.#list.filter((target) => target.id !== id);
		return null;
	}

	private async refused(result: Refusal): Promise<TargetProblem> {
		// The list or this person's rights may have changed meanwhile: show what is now true.
		if (result.status === 403 || result.status === 404 || result.status === 409) await this.load();
		return problemOf(result);
	}
}
