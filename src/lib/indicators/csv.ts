/**
 * The indicators as one CSV table for a spreadsheet or a report annex: one row per bar of
 * every chart, with the code beside the translated label so a pivot table can rely on it.
 */
import { tableCSV } from '../exchange/csv.ts';
import type { Count, Indicators } from './compute.ts';

/** The charts of the indicators page, in the order they are shown and exported. */
export const SECTIONS = [
	'interactionsByKind',
	'instrumentsByKind',
	'instrumentsByArea',
	'instrumentsBySector',
	'instrumentsBySemester',
	'agentsByArea',
	'agentsBySector',
	'linksByMonth',
	'projectsByStatus'
] as const;
export type Section = (typeof SECTIONS)[number];

/** The bars of one chart. */
export function sectionCounts(indicators: Indicators, section: Section): Count[] {
	switch (section) {
		case 'interactionsByKind':
			return indicators.interactions.byKind;
		case 'instrumentsByKind':
			return indicators.instruments.byKind;
		case 'instrumentsByArea':
			return indicators.instruments.byArea;
		case 'instrumentsBySector':
			return indicators.instruments.bySector;
		case 'instrumentsBySemester':
			return indicators.instruments.bySemester;
		case 'agentsByArea':
			return indicators.agents.byArea;
		case 'agentsBySector':
			return indicators.agents.bySector;
		case 'linksByMonth':
			return indicators.links.byMonth;
		case 'projectsByStatus':
			return indicators.projects.byStatus;
	}
}

export interface CsvLabels {
	header: [string, string, string, string, string];
	section: (section: Section | 'targets' | 'undated' | 'unknownDate') => string;
	/** The label of one bar of a section (a kind, an area's name, a sector…). */
	category: (section: Section, key: string) => string;
}

/** Rows: indicator, category, code, value, goal (goal only for targets). */
export function indicatorRows(indicators: Indicators, labels: CsvLabels): string[][] {
	const rows: string[][] = [labels.header];
	for (const section of SECTIONS) {
		for (const { key, count } of sectionCounts(indicators, section)) {
			rows.push([labels.section(section), labels.category(section, key), key, String(count), '']);
		}
	}
	rows.push([labels.section('undated'), '', '', String(indicators.instruments.undated), '']);
	rows.push([labels.section('unknownDate'), '', '', String(indicators.links.unknownDate), '']);
	for (const target of indicators.targets) {
		rows.push([labels.section('targets'), target.label, target.until, String(target.achieved), String(target.goal)]);
	}
	return rows;
}

export function indicatorsCSV(indicators: Indicators, labels: CsvLabels): string {
	return tableCSV(indicatorRows(indicators, labels));
}
