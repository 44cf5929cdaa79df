/** Translated words for the indicators: a bar's label, a section's title, the CSV's labels. */
import { t, type MessageKey } from '#lib/i18n/i18n.svelte.ts';
import type { CsvLabels, Section } from '#lib/indicators/csv.ts';

export function sectionTitle(section: Section | 'targets' | 'undated' | 'unknownDate'): string {
	return t(`indicators.section.${section}` as MessageKey);
}

/** The label of one bar; `areaNames` comes with the indicators (the public page has no map). */
export function categoryLabel(section: Section, key: string, areaNames: Record<string, string>): string {
	if (key === '') return t('indicators.none');
	switch (section) {
		case 'interactionsByKind':
		case 'instrumentsByKind':
			return t(`interaction.kind.${key}` as MessageKey);
		case 'instrumentsByArea':
		case 'agentsByArea':
			return areaNames[key] ?? key;
		case 'instrumentsBySector':
		case 'agentsBySector':
			return t(`sector.${key}` as MessageKey);
		case 'projectsByStatus':
			return t(`projects.status.${key}` as MessageKey);
		default:
			return key;
	}
}

export function csvLabels(areaNames: Record<string, string>): CsvLabels {
	return {
		header: [
			t('indicators.csvHeader.indicator'),
			t('indicators.csvHeader.category'),
			t('indicators.csvHeader.code'),
			t('indicators.csvHeader.value'),
			t('indicators.csvHeader.goal')
		],
		section: sectionTitle,
		category: (section, key) => categoryLabel(section, key, areaNames)
	};
}
