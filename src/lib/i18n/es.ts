/** Spanish messages: most of Tejido's users work in Spanish. */
import type { Messages } from './en.ts';
import * as accounts from './messages/accounts.ts';
import * as activity from './messages/activity.ts';
import * as appbar from './messages/appbar.ts';
import * as connection from './messages/connection.ts';
import { coreEs } from './messages/core.es.ts';
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

export const es: Messages = {
	...coreEs,
	...filters.es,
	...exchange.es,
	...exportFormats.es,
	...importValues.es,
	...limits.es,
	...accounts.es,
	...register.es,
	...targets.es,
	...activity.es,
	...projects.es,
	...appbar.es,
	...places.es,
	...privacy.es,
	...profile.es,
	...map.es,
	...mapCopy.es,
	...emptyMap.es,
	...connection.es,
	...mapFormat.es,
	...mail.es,
	...networkView.es
};
