import { readFile, realpath, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { buildOpenApiDocument } from '../../../shared/api/openapi';

/**
 * Static routes of the local HTTP server: the OpenAPI document, the API docs (Swagger UI served from the
 * `swagger-ui-dist` npm package, so it works offline) and the partner console's build (`console/dist`,
 * made by `npm run console:build`; `npm start` builds it when missing or stale).
 */
export interface StaticRequest {
  readonly method: string;
  /** Request path as received; a query string, if present, is ignored for matching. */
  readonly path: string;
}

export interface StaticResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer | string;
}

export interface StaticOptions {
  /** Base URL of the partner API, written into the OpenAPI document's `servers`. */
  readonly apiUrl: string;
  /** Repository root holding `console/dist` and `node_modules`; defaults to `process.cwd()`. */
  readonly rootDir?: string;
  /** The console build to serve; defaults to `<rootDir>/console/dist`. */
  readonly consoleDir?: string;
}

export const DOCS_ASSET_PREFIX = '/docs/assets/';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Files of swagger-ui-dist the docs page needs, by the name they are served under. */
const SWAGGER_UI_FILES = [
  'swagger-ui.css',
  'index.css',
  'swagger-ui-bundle.js',
  'favicon-32x32.png',
  'favicon-16x16.png',
];

/** Our Swagger UI initializer: an external file, because the page's CSP forbids inline scripts. */
const DOCS_INIT_JS = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    validatorUrl: null,
    defaultModelsExpandDepth: 1,
  });
});
`;

const DOCS_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Stablecoin Gateway Partner API</title>
    <link rel="stylesheet" href="${DOCS_ASSET_PREFIX}swagger-ui.css">
    <link rel="stylesheet" href="${DOCS_ASSET_PREFIX}index.css">
    <link rel="icon" type="image/png" sizes="32x32" href="${DOCS_ASSET_PREFIX}favicon-32x32.png">
    <link rel="icon" type="image/png" sizes="16x16" href="${DOCS_ASSET_PREFIX}favicon-16x16.png">
  </head>
  <body>
    <noscript>The API reference needs JavaScript. The raw document is at <a href="/openapi.json">/openapi.json</a>.</noscript>
    <div id="swagger-ui"></div>
    <script src="${DOCS_ASSET_PREFIX}swagger-ui-bundle.js"></script>
    <script src="${DOCS_ASSET_PREFIX}docs-init.js"></script>
  </body>
</html>
`;

const NO_CACHE = 'no-cache';
/** Vite names built assets by content hash: a changed file is a new URL, so they never go stale. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Vendor files change only with the package version; an hour keeps reloads fast without going stale for long. */
const VENDOR_CACHE = 'public, max-age=3600';

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/**
 * Only our own origin, plus the API origin for fetches (the docs' "Try it out" and the console call it).
 * `img-src data:` because Swagger UI's stylesheet draws its icons with data: URIs.
 */
function contentSecurityPolicy(apiUrl: string): string {
  const api = originOf(apiUrl);
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${api ? ` ${api}` : ''}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function baseHeaders(contentType: string, cacheControl: string): Record<string, string> {
  return { 'Content-Type': contentType, 'Cache-Control': cacheControl, 'X-Content-Type-Options': 'nosniff' };
}

function htmlHeaders(apiUrl: string, options: { inlineStyles?: boolean } = {}): Record<string, string> {
  const csp = contentSecurityPolicy(apiUrl);
  return {
    ...baseHeaders('text/html; charset=utf-8', NO_CACHE),
    // The console's component library (Mantine) injects <style> elements for its theme variables and
    // responsive props; scripts stay 'self' only.
    'Content-Security-Policy': options.inlineStyles
      ? csp.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
      : csp,
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
  };
}

function text(status: number, message: string, extra: Record<string, string> = {}): StaticResponse {
  return {
    status,
    headers: { ...baseHeaders('text/plain; charset=utf-8', 'no-store'), ...extra },
    body: `${message}\n`,
  };
}

const notFound = (): StaticResponse => text(404, 'Not found');
const badRequest = (): StaticResponse => text(400, 'Bad request');

// ---------------------------------------------------------------------------------------------------

const vendorCache = new Map<string, Buffer>();

function swaggerUiDir(rootDir: string): string | undefined {
  try {
    return dirname(createRequire(join(rootDir, 'package.json')).resolve('swagger-ui-dist/package.json'));
  } catch {
    return undefined;
  }
}

async function serveDocsAsset(name: string, rootDir: string): Promise<StaticResponse> {
  if (name === 'docs-init.js') {
    return { status: 200, headers: baseHeaders(contentTypeFor(name), NO_CACHE), body: DOCS_INIT_JS };
  }
  if (!SWAGGER_UI_FILES.includes(name)) return notFound();
  const dir = swaggerUiDir(rootDir);
  if (!dir) return text(503, 'API docs need the swagger-ui-dist package: run npm ci');
  const file = join(dir, name);
  let body = vendorCache.get(file);
  if (!body) {
    body = await readFile(file);
    vendorCache.set(file, body);
  }
  return { status: 200, headers: baseHeaders(contentTypeFor(name), VENDOR_CACHE), body };
}

/**
 * Splits the part of a URL path after a prefix into decoded segments, or undefined when a segment could
 * escape the folder (`..`, `.`, an encoded slash or backslash, NUL) or is not valid percent-encoding.
 */
export function safeSegments(rawRest: string): string[] | undefined {
  const segments: string[] = [];
  for (const raw of rawRest.split('/')) {
    if (raw === '') continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    if (segment === '.' || segment === '..' || /[/\\\0]/.test(segment)) return undefined;
    segments.push(segment);
  }
  return segments;
}

function inside(root: string, candidate: string): boolean {
  return candidate === root || candidate.startsWith(root + sep);
}

async function fileIn(root: string, segments: readonly string[]): Promise<string | 'outside' | undefined> {
  const candidate = resolve(root, ...segments);
  if (!inside(root, candidate)) return 'outside';
  try {
    if (!(await stat(candidate)).isFile()) return undefined;
    // A symlink inside the folder must not lead out of it.
    if (!inside(await realpath(root), await realpath(candidate))) return 'outside';
    return candidate;
  } catch {
    return undefined;
  }
}

async function serveConsole(rawRest: string, consoleDir: string, apiUrl: string): Promise<StaticResponse> {
  const segments = safeSegments(rawRest);
  if (!segments) return badRequest();
  // Dotfiles (.env, .DS_Store …) are never served.
  if (segments.some((s) => s.startsWith('.'))) return notFound();

  const root = resolve(consoleDir);
  const found = segments.length > 0 ? await fileIn(root, segments) : undefined;
  if (found === 'outside') return badRequest();

  let file = found;
  if (!file) {
    // SPA fallback: client-side routes (no extension) get index.html; a missing asset is a real 404.
    const last = segments.at(-1);
    if (last !== undefined && extname(last) !== '') return notFound();
    const index = await fileIn(root, ['index.html']);
    if (!index || index === 'outside')
      return text(503, 'The console is not built: run npm run console:build');
    file = index;
  }

  const type = contentTypeFor(file);
  const cache = segments[0] === 'assets' && segments.length > 1 ? IMMUTABLE : NO_CACHE;
  const headers = type.startsWith('text/html')
    ? htmlHeaders(apiUrl, { inlineStyles: true })
    : baseHeaders(type, cache);
  return { status: 200, headers, body: await readFile(file) };
}

function splitPath(path: string): { pathname: string; search: string } {
  const noFragment = path.split('#', 1)[0] ?? '';
  const q = noFragment.indexOf('?');
  return q < 0
    ? { pathname: noFragment, search: '' }
    : { pathname: noFragment.slice(0, q), search: noFragment.slice(q) };
}

function owns(pathname: string): boolean {
  return (
    pathname === '/openapi.json' ||
    pathname === '/docs' ||
    pathname.startsWith('/docs/') ||
    pathname === '/console' ||
    pathname.startsWith('/console/')
  );
}

async function route(pathname: string, search: string, options: StaticOptions): Promise<StaticResponse> {
  const rootDir = options.rootDir ?? process.cwd();
  if (pathname === '/openapi.json') {
    const document = buildOpenApiDocument({ serverUrl: options.apiUrl });
    return {
      status: 200,
      headers: baseHeaders('application/json; charset=utf-8', NO_CACHE),
      body: JSON.stringify(document, null, 2),
    };
  }
  if (pathname === '/docs' || pathname === '/docs/') {
    return { status: 200, headers: htmlHeaders(options.apiUrl), body: DOCS_HTML };
  }
  if (pathname.startsWith(DOCS_ASSET_PREFIX)) {
    return serveDocsAsset(pathname.slice(DOCS_ASSET_PREFIX.length), rootDir);
  }
  if (pathname === '/console') {
    return {
      status: 302,
      headers: { ...baseHeaders('text/plain; charset=utf-8', 'no-store'), Location: `/console/${search}` },
      body: '',
    };
  }
  if (pathname.startsWith('/console/')) {
    return serveConsole(
      pathname.slice('/console/'.length),
      options.consoleDir ?? resolve(rootDir, 'console', 'dist'),
      options.apiUrl,
    );
  }
  return notFound();
}

/** Serves the static routes; undefined for paths this module does not own. */
export async function serveStatic(
  req: StaticRequest,
  options: StaticOptions,
): Promise<StaticResponse | undefined> {
  const { pathname, search } = splitPath(req.path);
  if (!owns(pathname)) return undefined;

  const method = req.method.toUpperCase();
  if (method !== 'GET' && method !== 'HEAD') return text(405, 'Method not allowed', { Allow: 'GET, HEAD' });

  const response = await route(pathname, search, options);
  return method === 'HEAD' ? { ...response, body: '' } : response;
}
