/** Spanish messages: most of Tejido's users work in Spanish. */
import type { Messages } from './en.ts';
import * as accounts from './messages/accounts.ts';
import * as activity from './messages/activity.ts';
import * as appbar from './messages/appbar.ts';
import * as connection from './messages/connection.ts';
import { coreEs } from './messages/core.es.ts';
import * as emptyMap from './messages/empty-map.ts';
import * as exchange from './messages/exchange.ts';
import * as limits from './messages/limits.ts';
import * as filters from './messages/filters.ts';
import * as map from './messages/map.ts';
import * as mapCopy from './messages/map-copy.ts';
import * as places from './messages/places.ts';
import * as profile from './messages/profile.ts';
import * as projects from './messages/projects.ts';
import * as register from './messages/register.ts';

export const es: Messages = {
	...coreEs,
	...filters.es,
	...exchange.es,
	...limits.es,
	...accounts.es,
	...register.es,
	...activity.es,
	...projects.es,
	...appbar.es,
	...places.es,
	...profile.es,
	...map.es,
	...mapCopy.es,
	...emptyMap.es,
	...connection.es
};
