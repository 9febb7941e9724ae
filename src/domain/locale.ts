/** The languages every message, label and slip comes in. */
export const LOCALES = ['zh-CN', 'en'] as const;

/**
 * A language the package speaks.
 *
 * @example
 * const locale: Locale = 'zh-CN';
 */
export type Locale = (typeof LOCALES)[number];

/**
 * A text in both languages.
 *
 * @example
 * const title: Localized = { 'zh-CN': '客户抱怨处理表', en: 'Customer complaint form' };
 */
export type Localized = Record<Locale, string>;

/**
 * Picks the best supported locale from an `Accept-Language` header or a free-form tag.
 *
 * @example
 * pickLocale('zh-CN,zh;q=0.9,en;q=0.8'); // 'zh-CN'
 * pickLocale(undefined); // 'zh-CN'
 */
export function pickLocale(tag: string | undefined | null, fallback: Locale = 'zh-CN'): Locale {
  if (!tag) return fallback;
  const ranked = tag
    .split(',')
    .map((part, i) => {
      const [lang = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { lang: lang.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1, i };
    })
    .filter((x) => x.lang && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { lang } of ranked) {
    if (lang.startsWith('zh')) return 'zh-CN';
    if (lang.startsWith('en')) return 'en';
  }
  return fallback;
}
