/** The English catalogue: the keys every other language must fill. One file per feature. */
import * as accounts from './messages/accounts.ts';
import { coreEn } from './messages/core.en.ts';
import * as exchange from './messages/exchange.ts';
import * as filters from './messages/filters.ts';
import * as mapLook from './messages/map.ts';
import * as register from './messages/register.ts';

export const en = { ...coreEn, ...filters.en, ...exchange.en, ...accounts.en, ...register.en, ...mapLook.en } as const;

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;
