/**
 * Words for the activity feed and versions: who did it, as the server names the actor, and
 * what they did as a sentence people say ("Ana movió «Universidad X»", "cambió las áreas de
 * «X»"). The model's field names (areaIds, position) never reach the page: a field without a
 * word here reads as "other details".
 */
import { i18n, t, type MessageKey } from '#lib/i18n/i18n.svelte.ts';
import type { FeedEntity } from '#lib/history/gestures.ts';

/** An actor as server/http/activity-routes.ts sends it. */
export interface ActorInfo {
	kind: 'user' | 'share' | 'system';
	name: string;
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function actorName(actor: ActorInfo, translate: Translate = t): string {
	if (actor.kind === 'share') return translate('activity.actor.share');
	if (actor.kind === 'system') return actor.name === 'demo' ? translate('activity.actor.demo') : translate('activity.actor.system');
	return actor.name || translate('activity.actor.unknown');
}

/** Each stored field name and its words; several fields may share words (center and zoom). */
const FIELD_WORDS: Record<string, MessageKey> = {
	name: 'activity.field.name',
	label: 'activity.field.name',
	sector: 'activity.field.sector',
	address: 'activity.field.address',
	municipality: 'activity.field.municipality',
	website: 'activity.field.website',
	contact: 'activity.field.contact',
	description: 'activity.field.description',
	areaIds: 'activity.field.areas',
	nicheIds: 'activity.field.niches',
	networkIds: 'activity.field.networks',
	tags: 'activity.field.tags',
	kind: 'activity.field.kind',
	weight: 'activity.field.weight',
	note: 'activity.field.note',
	since: 'activity.field.since',
	color: 'activity.field.color',
	order: 'activity.field.order',
	areaId: 'activity.field.area',
	nicheId: 'activity.field.niche',
	status: 'activity.field.status',
	agentIds: 'activity.field.agents',
	needs: 'activity.field.needs',
	resources: 'activity.field.resources',
	date: 'activity.field.date',
	title: 'activity.field.title',
	participantIds: 'activity.field.participants',
	outcome: 'activity.field.outcome',
	documentUrl: 'activity.field.document',
	kinds: 'activity.field.kinds',
	goal: 'activity.field.goal',
	from: 'activity.field.from',
	until: 'activity.field.until',
	center: 'activity.field.view',
	zoom: 'activity.field.view'
};

/** Fields written alongside an edit that are no one's choice (the document's format version). */
const UNSAID = new Set(['schemaVersion', 'createdBy', 'createdAt', '*']);

const COLLECTIONS = ['agents', 'links', 'interactions', 'projects', 'targets', 'areas', 'niches', 'networks', 'meta'] as const;
type Collection = (typeof COLLECTIONS)[number];

/** How the digest names a link: its two ends (src/lib/model/changes.ts, entityName). */
const LINK_ENDS = ' — ';

/**
 * The sentence for what `who` did to one entity: "Ana added «Museo»", "Ana changed the name
 * and the areas of «Museo»", "Ana deleted the link between «A» and «B»". Starts with a capital.
 */
export function activitySentence(who: string, entity: FeedEntity, translate: Translate = t, locale: string = i18n.locale): string {
	const collection: Collection = (COLLECTIONS as readonly string[]).includes(entity.collection) ? (entity.collection as Collection) : 'agents';
	const name = entity.name || translate('activity.unnamed');
	const ends = collection === 'links' ? name.split(LINK_ENDS) : [];
	const named = (form: 'thing' | 'of') =>
		ends.length === 2
			? translate(`activity.${form}.linkBetween`, { a: ends[0], b: ends[1] })
			: translate(`activity.${form}.${collection}`, { name });
	const thing = named('thing');
	let sentence: string;
	if (entity.action === 'added') sentence = translate('activity.added', { who, thing });
	else if (entity.action === 'deleted') sentence = translate('activity.deleted', { who, thing });
	else {
		const moved = entity.fields.includes('position');
		const fields = fieldWords(entity.fields.filter((field) => field !== 'position' && !UNSAID.has(field)), translate, locale);
		if (moved) sentence = fields ? translate('activity.movedAndChanged', { who, thing, fields }) : translate('activity.moved', { who, thing });
		else if (fields) sentence = translate('activity.changedFields', { who, fields, of: named('of') });
		else sentence = translate('activity.changed', { who, thing });
	}
	return sentence.charAt(0).toLocaleUpperCase(locale) + sentence.slice(1);
}

/** "the name, the sector and the areas": each field's words once, in the language's list form. */
export function fieldWords(fields: readonly string[], translate: Translate = t, locale: string = i18n.locale): string {
	const words = [...new Set(fields.map((field) => translate(FIELD_WORDS[field] ?? 'activity.field.other')))];
	return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(words);
}

/** When an entry happened: one moment, or the span of a gesture that lasted a minute or more. */
export function activityTime(from: number, at: number, locale: string = i18n.locale): string {
	const format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
	return at - from >= 60_000 ? format.formatRange(from, at) : format.format(at);
}
