/** Words for the activity feed and versions: who did it, as the server names the actor. */
import { t } from '#lib/i18n/i18n.svelte.ts';

/** An actor as server/http/activity-routes.ts sends it. */
export interface ActorInfo {
	kind: 'user' | 'share' | 'system';
	name: string;
}

export function actorName(actor: ActorInfo): string {
	if (actor.kind === 'share') return t('activity.actor.share');
	if (actor.kind === 'system') return actor.name === 'demo' ? t('activity.actor.demo') : t('activity.actor.system');
	return actor.name || t('activity.actor.unknown');
}
