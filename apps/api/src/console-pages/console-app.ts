// The browser console (apps/console), built by Vite into dist/console, served at `/`: its files as they are,
// and index.html for every other GET outside the API's own paths, so that the console's router owns
// /cases/:number, /board and the rest (the single-page fallback). Without a build, nothing is served here
// and the stand-in pages (console-pages.ts) answer the links that messages send.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/** Paths the API keeps for itself: never answered with the console's page. */
export const API_OWNED_PATHS = /^\/(api|docs|docs-json|docs-yaml|health|metrics)(\/|$)/;

/**
 * Where the built console is: CONSOLE_DIR when set, else dist/console of this checkout (both the compiled
 * API in dist/ and the API run from source, as in the tests, find it). undefined when there is no build.
 */
export function findConsoleBuild(
  env: NodeJS.ProcessEnv = process.env,
  here: string = __dirname,
): string | undefined {
  const candidates = env.CONSOLE_DIR
    ? [path.resolve(env.CONSOLE_DIR)]
    : [
        path.resolve(here, '../../../../console'), // dist/apps/api/src/console-pages → dist/console
        path.resolve(here, '../../../../dist/console'), // apps/api/src/console-pages → dist/console
      ];
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'index.html')));
}

/** Serves the console from `dir`; true when it did. Call before the stand-in pages are registered. */
export function serveConsoleApp(app: NestExpressApplication, dir: string | undefined): boolean {
  if (!dir) return false;
  const indexHtml = path.join(dir, 'index.html');
  // Hashed file names under assets/ never change; index.html must be revalidated so a new build is seen.
  app.useStaticAssets(dir, {
    index: false,
    setHeaders: (res, file) => {
      res.setHeader(
        'Cache-Control',
        file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || API_OWNED_PATHS.test(req.path)) return next();
    // A missing file with an extension (a stale asset) is a 404, not the page.
    if (path.extname(req.path) !== '') return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').sendFile(indexHtml);
  });
  return true;
}
