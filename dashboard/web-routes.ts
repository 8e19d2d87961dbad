/**
 * The web page: `/` (index.html), its stylesheet and icon under /static/,
 * its compiled modules under /assets/, and the two browser libraries under
 * /vendor/ (only the files the page's import map names, not all of
 * node_modules).
 *
 * Every answer here carries a Content-Security-Policy that allows scripts
 * from this origin only, plus the hash of the one inline script, the import
 * map: a session token in the page is worth protecting from injected code.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import type { WebAssetPaths } from './web-assets.js';

export interface WebRouteOptions {
  readonly paths: WebAssetPaths;
}

const VENDOR_FILES = Object.freeze({
  uplot: ['uPlot.esm.js', 'uPlot.min.css'],
  'socket.io-client': ['socket.io.esm.min.js', 'socket.io.esm.min.js.map'],
});

export const webRoutes: FastifyPluginAsync<WebRouteOptions> = async (app, { paths }) => {
  const indexHtml = await readFile(path.join(paths.publicDir, 'index.html'), 'utf8');
  const csp = contentSecurityPolicy(indexHtml);
  const built = existsSync(paths.entryModule);
  if (!built) app.log.warn({ missing: paths.entryModule }, 'the web page is not built: run `npm run build`; the API works without it');

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('content-security-policy', csp);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    return payload;
  });

  app.get('/', async (_request, reply) => {
    if (!built) {
      return reply.code(503).type('text/plain; charset=utf-8').send('The linewatch web page is not built: run `npm run build` (the HTTP API under /api works without it).\n');
    }
    // Revalidated on every load, so a new version of the page is picked up at once.
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml);
  });

  const files = { decorateReply: false, cacheControl: true, maxAge: 0, index: false } as const;
  app.register(fastifyStatic, { ...files, root: paths.publicDir, prefix: '/static/', allowedPath: (p) => p !== '/index.html' });
  app.register(fastifyStatic, { ...files, root: paths.scriptsDir, prefix: '/assets/', allowedPath: (p) => p.endsWith('.js') || p.endsWith('.js.map') });
  app.register(fastifyStatic, { ...files, root: paths.uplotDir, prefix: '/vendor/uplot/', allowedPath: (p) => VENDOR_FILES.uplot.includes(p.slice(1)) });
  app.register(fastifyStatic, {
    ...files,
    root: paths.socketIoClientDir,
    prefix: '/vendor/socket.io-client/',
    allowedPath: (p) => VENDOR_FILES['socket.io-client'].includes(p.slice(1)),
  });
};

/** Same-origin everything; the inline import map is allowed by its hash, nothing else inline. */
function contentSecurityPolicy(html: string): string {
  const hashes = [...html.matchAll(/<script type="importmap">([\s\S]*?)<\/script>/g)].map(([, body]) => `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
  return [
    "default-src 'self'",
    `script-src 'self' ${hashes.join(' ')}`.trim(),
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
}
