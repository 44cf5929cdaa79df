/**
 * The activity feed speaks in sentences people say, in Spanish and English, and never shows
 * the model's field names (before: "cambió el agente «X» (campos: areaIds, position)").
 */
import { describe, expect, it } from 'vitest';
import { en } from '../../src/lib/i18n/en.ts';
import { es } from '../../src/lib/i18n/es.ts';
import type { MessageKey } from '../../src/lib/i18n/i18n.svelte.ts';
import type { FeedEntity } from '../../src/lib/history/gestures.ts';
import { AGENT_SET_FIELDS, AGENT_TEXT_FIELDS } from '../../src/lib/model/index.ts';
import { activitySentence, activityTime, actorName, fieldWords } from '../../src/lib/ui/activity-words.ts';

const catalogues = { es, en } as const;
function translator(locale: 'es' | 'en') {
	return (key: MessageKey, params: Record<string, string | number> = {}) =>
		catalogues[locale][key].replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}
const say = (locale: 'es' | 'en', entity: Partial<FeedEntity>, who = 'Ana') =>
	activitySentence(who, { collection: 'agents', id: 'x', action: 'changed', name: 'Universidad X', fields: [], ...entity }, translator(locale), locale);

/** Every field name an edit can report, across the collections. */
const MODEL_FIELDS = [
	...AGENT_TEXT_FIELDS,
	...AGENT_SET_FIELDS,
	'sector',
	'kind',
	'weight',
	'note',
	'since',
	'color',
	'order',
	'areaId',
	'nicheId',
	'status',
	'agentIds',
	'needs',
	'resources',
	'date',
	'title',
	'participantIds',
	'outcome',
	'documentUrl',
	'label',
	'kinds',
	'goal',
	'from',
	'until',
	'center',
	'zoom'
];

describe('activity sentences', () => {
	it('says a drag as "movió" / "moved"', () => {
		expect(say('es', { fields: ['position'] })).toBe('Ana movió «Universidad X»');
		expect(say('en', { fields: ['position'] })).toBe('Ana moved «Universidad X»');
	});

	it('names the changed fields in words, with their articles and the language’s list', () => {
		expect(say('es', { fields: ['areaIds'] })).toBe('Ana cambió las áreas de «Universidad X»');
		expect(say('es', { fields: ['name'] })).toBe('Ana cambió el nombre de «Universidad X»');
		expect(say('es', { fields: ['areaIds', 'name', 'nicheIds'] })).toBe('Ana cambió las áreas, el nombre y los nichos de «Universidad X»');
		expect(say('en', { fields: ['areaIds', 'name'] })).toBe('Ana changed the areas and the name of «Universidad X»');
		expect(say('es', { fields: ['position', 'sector'] })).toBe('Ana movió «Universidad X» y cambió el sector');
	});

	it('says additions and deletions, links by their two ends', () => {
		expect(say('es', { action: 'added' })).toBe('Ana añadió «Universidad X»');
		expect(say('es', { action: 'deleted' })).toBe('Ana borró «Universidad X»');
		const link = { collection: 'links', action: 'added' as const, name: 'Museo — Laboratorio' };
		expect(say('es', link)).toBe('Ana añadió el vínculo entre «Museo» y «Laboratorio»');
		expect(say('en', { ...link, action: 'deleted' })).toBe('Ana deleted the link between «Museo» and «Laboratorio»');
		expect(say('es', { ...link, action: 'changed', fields: ['kind'] })).toBe('Ana cambió el tipo del vínculo entre «Museo» y «Laboratorio»');
		expect(say('es', { collection: 'projects', fields: ['status'], name: 'Parque' })).toBe('Ana cambió el estado del proyecto «Parque»');
	});

	it('starts with a capital when the actor is not a person', () => {
		const demo = actorName({ kind: 'system', name: 'demo' }, translator('es'));
		expect(say('es', { action: 'added' }, demo)).toBe('La demostración añadió «Universidad X»');
	});

	it('has words for every field the model reports, in both languages, and never shows a code word', () => {
		for (const locale of ['es', 'en'] as const) {
			const other = translator(locale)('activity.field.other');
			for (const field of MODEL_FIELDS) {
				const words = fieldWords([field], translator(locale), locale);
				expect(words, field).not.toBe(other);
				expect(words).not.toMatch(/Ids?\b|Url|[a-z][A-Z]/);
			}
			expect(fieldWords(['mysteryField'], translator(locale), locale)).toBe(other);
			expect(say(locale, { fields: ['*'] })).not.toContain('*');
			expect(say(locale, { collection: 'meta', fields: ['name', 'schemaVersion'], name: 'Mapa' })).toBe(
				locale === 'es' ? 'Ana cambió el nombre del mapa «Mapa»' : 'Ana changed the name of the map «Mapa»'
			);
		}
	});
});

describe('activity time', () => {
	const at = Date.UTC(2026, 11, 7, 15, 4);
	it('shows one moment for a quick gesture and a span for one that lasted minutes', () => {
		expect(activityTime(at - 2000, at, 'en')).toBe(activityTime(at, at, 'en'));
		expect(activityTime(at - 3 * 60_000, at, 'en')).not.toBe(activityTime(at, at, 'en'));
	});
});
