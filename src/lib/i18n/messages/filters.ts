/** Messages of the filters feature, in both languages (es must have every key of en). */
export const en = {} as const;
export const es: Record<keyof typeof en, string> = {};
