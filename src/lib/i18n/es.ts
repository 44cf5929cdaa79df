/** Spanish messages: most of Tejido's users work in Spanish. */
import type { Messages } from './en.ts';
import * as accounts from './messages/accounts.ts';
import { coreEs } from './messages/core.es.ts';
import * as exchange from './messages/exchange.ts';
import * as filters from './messages/filters.ts';
import * as mapLook from './messages/map.ts';
import * as register from './messages/register.ts';

export const es: Messages = { ...coreEs, ...filters.es, ...exchange.es, ...accounts.es, ...register.es, ...mapLook.es };
