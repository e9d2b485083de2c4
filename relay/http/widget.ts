// Serves the relay's own widget: /widget.js (short cache, ETag, revalidated) and /widget/*
// (scripts with hashed names, cached for a year; kit-chat.d.ts, the types of the KitChat global,
// with the loader's short cache). Host pages on other origins load these.
import { join } from 'node:path';
import express, { Router, type Response } from 'express';
import { RelayError } from '../errors';

const LOADER_CACHE = 'public, max-age=300';
const ASSET_CACHE = 'public, max-age=31536000, immutable';

const notBuilt = () => new RelayError(404, 'WIDGET_NOT_BUILT', 'The widget bundle is missing; run `npm run build`.');

export function widgetRouter(widgetDir: string): Router {
  const router = Router();
  const crossOrigin = (res: Response) => res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');

  router.get('/widget.js', (_req, res, next) => {
    crossOrigin(res);
    res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
    res.setHeader('Cache-Control', LOADER_CACHE);
    res.sendFile(join(widgetDir, 'widget.js'), { cacheControl: false, lastModified: false, dotfiles: 'deny' }, (err) => {
      if (!err) return;
      res.removeHeader('Content-Type');
      res.removeHeader('Cache-Control');
      const status = (err as { status?: number }).status;
      next(status === 404 && !res.headersSent ? notBuilt() : err);
    });
  });

  router.use(
    '/widget',
    express.static(widgetDir, {
      index: false,
      redirect: false,
      dotfiles: 'deny',
      immutable: true,
      maxAge: '365d',
      setHeaders: (res, path) => {
        crossOrigin(res);
        // Every script under /widget/ has its content's hash in its name; other files do not.
        res.setHeader('Cache-Control', path.endsWith('.js') ? ASSET_CACHE : LOADER_CACHE);
      },
    }),
  );
  return router;
}
