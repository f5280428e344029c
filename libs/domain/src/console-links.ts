// Where a message sends its reader: pages of the browser console (apps/console), agreed before the console
// exists so that links written today keep working. Every message builds its link here; until the console is
// served, the API answers these paths with a small page that says what the link is about.

/** A console page a message can point at. */
export type ConsolePage =
  | { page: 'case'; number: string }
  | { page: 'complaint'; number: string }
  | { page: 'escalations' }
  | { page: 'callbacks' };

/** The console's routes, as Express-style patterns (the API's stand-in pages use the same ones). */
export const CONSOLE_ROUTES = {
  case: '/cases/:number',
  complaint: '/complaints/:number',
  escalations: '/escalations',
  callbacks: '/callbacks',
} as const satisfies Record<ConsolePage['page'], string>;

/** The page's path, e.g. `/cases/20261122-07-0003`. */
export function consolePath(target: ConsolePage): string {
  switch (target.page) {
    case 'case':
    case 'complaint':
      return CONSOLE_ROUTES[target.page].replace(':number', encodeURIComponent(target.number));
    default:
      return CONSOLE_ROUTES[target.page];
  }
}

/** The page's address under the application's base URL (`APP_BASE_URL`); a trailing slash is ignored. */
export function consoleLink(appBaseUrl: string, target: ConsolePage | string): string {
  const path = typeof target === 'string' ? target : consolePath(target);
  return `${appBaseUrl.replace(/\/+$/, '')}${path}`;
}
