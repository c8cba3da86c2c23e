// JSON for people and files: indented, with bigints (block numbers, token amounts, proposal ids) as decimal strings,
// since JSON.stringify throws on them and a number would lose their precision.

/** `value` as indented JSON, bigints written as decimal strings. */
export const toJson = (value: unknown): string => JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2);
