/** The English catalogue: the keys every other language must fill. One file per feature. */
import * as accounts from './messages/accounts.ts';
import * as activity from './messages/activity.ts';
import * as appbar from './messages/appbar.ts';
import * as connection from './messages/connection.ts';
import { coreEn } from './messages/core.en.ts';
import * as emptyMap from './messages/empty-map.ts';
import * as exchange from './messages/exchange.ts';
import * as exportFormats from './messages/export-formats.ts';
import * as importValues from './messages/import-values.ts';
import * as limits from './messages/limits.ts';
import * as filters from './messages/filters.ts';
import * as mail from './messages/mail.ts';
import * as map from './messages/map.ts';
import * as mapFormat from './messages/map-format.ts';
import * as mapCopy from './messages/map-copy.ts';
import * as networkView from './messages/network-view.ts';
import * as places from './messages/places.ts';
import * as privacy from './messages/privacy.ts';
import * as profile from './messages/profile.ts';
import * as projects from './messages/projects.ts';
import * as register from './messages/register.ts';
import * as targets from './messages/targets.ts';

export const en = {
	...coreEn,
	...filters.en,
	...exchange.en,
	...exportFormats.en,
	...importValues.en,
	...limits.en,
	...accounts.en,
	...register.en,
	...targets.en,
	...activity.en,
	...projects.en,
	...appbar.en,
	...places.en,
	...privacy.en,
	...profile.en,
	...map.en,
	...mapCopy.en,
	...emptyMap.en,
	...connection.en,
	...mapFormat.en,
	...mail.en,
	...networkView.en
} as const;

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;
