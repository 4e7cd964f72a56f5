/** The locales dunbot speaks and understands. */
export const LOCALES = ['zh-CN', 'en-US'] as const;

/** A supported locale tag. */
export type Locale = (typeof LOCALES)[number];

/** True when `value` is a supported locale tag. */
export function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}
