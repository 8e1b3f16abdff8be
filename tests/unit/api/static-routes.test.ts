import { mkdtemp, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveStatic } from '../../../scripts/local/static/static-routes';
import type { StaticResponse } from '../../../scripts/local/static/static-routes';

const API_URL = 'http://localhost:3000';
const REPO_ROOT = process.cwd();

async function get(path: string, method = 'GET'): Promise<StaticResponse> {
  const response = await serveStatic({ method, path }, { apiUrl: API_URL });
  if (!response) throw new Error(`${path} was not served`);
  return response;
}

const bodyText = (r: StaticResponse): string => r.body.toString();

/** src/href attribute values of an HTML page. */
function assetUrls(html: string): string[] {
  return [...html.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '');
}

function expectHtmlSecurityHeaders(r: StaticResponse): void {
  const csp = r.headers['Content-Security-Policy'] ?? '';
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  expect(r.headers['X-Content-Type-Options']).toBe('nosniff');
  expect(r.headers['Referrer-Policy']).toBe('no-referrer');
}

describe('local static routes', () => {
  describe('OpenAPI document', () => {
    it('serves /openapi.json as JSON with the API url as its server', async () => {
      const r = await get('/openapi.json');
      expect(r.status).toBe(200);
      expect(r.headers['Content-Type']).toBe('application/json; charset=utf-8');
      const doc = JSON.parse(bodyText(r));
      expect(doc.openapi).toBe('3.1.0');
      expect(doc.servers).toEqual([{ url: API_URL, description: 'Partner API' }]);
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/partner', '/v1/balances']));
    });

    it('ignores a query string when matching', async () => {
      expect((await get('/openapi.json?v=2')).status).toBe(200);
    });
  });

  describe('API docs', () => {
    it.each(['/docs', '/docs/'])('serves %s as an HTML page that loads only local assets', async (path) => {
      const r = await get(path);
      expect(r.status).toBe(200);
      expect(r.headers['Content-Type']).toBe('text/html; charset=utf-8');
      expectHtmlSecurityHeaders(r);
      const html = bodyText(r);
      expect(html).not.toMatch(/https?:\/\//);
      expect(html).not.toMatch(/<script>(?!\s*<\/script>)/); // no inline script: the CSP would block it
      const urls = assetUrls(html);
      expect(urls).toEqual(
        expect.arrayContaining(['/docs/assets/swagger-ui-bundle.js', '/docs/assets/swagger-ui.css']),
      );
      for (const url of urls) expect(url.startsWith('/')).toBe(true);
    });

    it('serves every asset the docs page references with its content type', async () => {
      const urls = assetUrls(bodyText(await get('/docs')));
      const expectedType = (url: string): string =>
        url.endsWith('.js')
          ? 'text/javascript; charset=utf-8'
          : url.endsWith('.css')
            ? 'text/css; charset=utf-8'
            : url.endsWith('.png')
              ? 'image/png'
              : 'text/html; charset=utf-8';
      for (const url of urls.filter((u) => u.startsWith('/docs/assets/'))) {
        const r = await get(url);
        expect({ url, status: r.status, type: r.headers['Content-Type'] }).toEqual({
          url,
          status: 200,
          type: expectedType(url),
        });
        expect(r.body.length).toBeGreaterThan(100);
        expect(r.headers['X-Content-Type-Options']).toBe('nosniff');
      }
    });

    it('serves the Swagger UI files from the npm package, byte for byte', async () => {
      const r = await get('/docs/assets/swagger-ui-bundle.js');
      const onDisk = await readFile(join(REPO_ROOT, 'node_modules/swagger-ui-dist/swagger-ui-bundle.js'));
      expect(Buffer.compare(r.body as Buffer, onDisk)).toBe(0);
      expect(bodyText(r)).toContain('SwaggerUIBundle');
    });

    it('loads nothing from other hosts through the stylesheet', async () => {
      const css = bodyText(await get('/docs/assets/swagger-ui.css'));
      expect(css).not.toMatch(/url\(\s*["']?https?:/);
      expect(css).not.toMatch(/@import/);
    });

    it('points Swagger UI at /openapi.json with no online validator', async () => {
      const init = bodyText(await get('/docs/assets/docs-init.js'));
      expect(init).toContain("url: '/openapi.json'");
      expect(init).toContain('validatorUrl: null');
    });

    it('answers 404 for files of the package it does not expose', async () => {
      expect((await get('/docs/assets/package.json')).status).toBe(404);
      expect((await get('/docs/assets/swagger-ui-bundle.js.map')).status).toBe(404);
      expect((await get('/docs/other')).status).toBe(404);
    });
  });

  describe('console', () => {
    // A console build as Vite lays it out (console/dist): index.html plus content-hashed assets.
    let consoleDir: string;
    const INDEX = `<!doctype html><html lang="en"><head><title>Partner Console · Stablecoin Gateway</title>
<link rel="icon" type="image/svg+xml" href="/console/favicon.svg" />
<script type="module" crossorigin src="/console/assets/index-AbC123.js"></script>
<link rel="stylesheet" crossorigin href="/console/assets/index-AbC123.css"></head><body><div id="root"></div></body></html>`;
    beforeAll(async () => {
      consoleDir = await mkdtemp(join(tmpdir(), 'console-dist-'));
      await mkdir(join(consoleDir, 'assets'));
      await writeFile(join(consoleDir, 'index.html'), INDEX);
      await writeFile(join(consoleDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
      await writeFile(join(consoleDir, 'assets/index-AbC123.js'), 'console.log(1)');
      await writeFile(join(consoleDir, 'assets/index-AbC123.css'), 'body{}');
    });
    afterAll(async () => {
      await rm(consoleDir, { recursive: true, force: true });
    });
    const getConsole = async (path: string, method = 'GET'): Promise<StaticResponse> => {
      const response = await serveStatic({ method, path }, { apiUrl: API_URL, consoleDir });
      if (!response) throw new Error(`${path} was not served`);
      return response;
    };

    it('redirects /console to /console/, keeping the query', async () => {
      const r = await getConsole('/console');
      expect(r.status).toBe(302);
      expect(r.headers.Location).toBe('/console/');
      expect((await getConsole('/console?tab=x')).headers.Location).toBe('/console/?tab=x');
    });

    it('serves the built index.html for /console/ with security headers and no caching', async () => {
      const r = await getConsole('/console/');
      expect(r.status).toBe(200);
      expect(bodyText(r)).toBe(INDEX);
      expect(r.headers['Content-Type']).toBe('text/html; charset=utf-8');
      expect(r.headers['Cache-Control']).toBe('no-cache');
      const csp = r.headers['Content-Security-Policy'] ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self';");
      expect(csp).toContain("frame-ancestors 'none'");
      // Only styles may be inline (the component library's theme variables); never scripts, never eval.
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      expect(csp.replace("style-src 'self' 'unsafe-inline'", '')).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
      expect(r.headers['X-Content-Type-Options']).toBe('nosniff');
      expect(r.headers['Referrer-Policy']).toBe('no-referrer');
    });

    it('loads nothing from other hosts and serves every asset the page names', async () => {
      const html = bodyText(await getConsole('/console/'));
      expect(html).not.toMatch(/https?:\/\//);
      for (const url of assetUrls(html).filter((u) => u.startsWith('/console/') && u !== '/console/')) {
        expect({ url, status: (await getConsole(url)).status }).toEqual({ url, status: 200 });
      }
    });

    it('serves content-hashed assets with their type, cached for good, without a CSP', async () => {
      const css = await getConsole('/console/assets/index-AbC123.css');
      expect(css.status).toBe(200);
      expect(css.headers['Content-Type']).toBe('text/css; charset=utf-8');
      expect(css.headers['Cache-Control']).toBe('public, max-age=31536000, immutable');
      expect(css.headers['Content-Security-Policy']).toBeUndefined();
      expect((await getConsole('/console/assets/index-AbC123.js')).headers['Content-Type']).toBe(
        'text/javascript; charset=utf-8',
      );
      expect((await getConsole('/console/favicon.svg')).headers['Cache-Control']).toBe('no-cache');
    });

    it('falls back to index.html for client-side routes but not for missing assets', async () => {
      const route = await getConsole('/console/deposits/01JGZ3M8Q4W7E2R5T9Y6V1K0PA');
      expect(route.status).toBe(200);
      expect(bodyText(route)).toContain('Partner Console');
      expect((await getConsole('/console/missing.js')).status).toBe(404);
    });

    it('says how to build the console when there is no build', async () => {
      const empty = await mkdtemp(join(tmpdir(), 'console-none-'));
      try {
        const r = await serveStatic(
          { method: 'GET', path: '/console/' },
          { apiUrl: API_URL, consoleDir: empty },
        );
        expect(r?.status).toBe(503);
        expect(r?.body.toString()).toContain('npm run console:build');
      } finally {
        await rm(empty, { recursive: true, force: true });
      }
    });

    it('answers HEAD with headers and no body, and refuses other methods', async () => {
      const head = await getConsole('/console/', 'HEAD');
      expect(head.status).toBe(200);
      expect(head.headers['Content-Type']).toBe('text/html; charset=utf-8');
      expect(head.body).toBe('');
      const post = await getConsole('/console/', 'POST');
      expect(post.status).toBe(405);
      expect(post.headers.Allow).toBe('GET, HEAD');
    });
  });

  describe('path traversal', () => {
    const packageJsonName = '"name": "stablecoin-gateway"';

    it.each([
      '/console/../package.json',
      '/console/%2e%2e/package.json',
      '/console/%2E%2E/%2E%2E/etc/passwd',
      '/console/..%2fpackage.json',
      '/console/%2e%2e%2f%2e%2e%2fpackage.json',
      '/console/%252e%252e/package.json',
      '/console/..\\package.json',
      '/console/%5c..%5cpackage.json',
      '/console/./../package.json',
      '/console/index.html%00.css',
      '/console/%e0%a4%a',
      '/console/.env',
      '/docs/assets/../../package.json',
      '/docs/assets/..%2f..%2fpackage.json',
      '/docs/assets/%2e%2e/%2e%2e/package.json',
    ])('refuses %s without revealing file contents', async (path) => {
      const r = await get(path);
      expect([400, 404]).toContain(r.status);
      expect(bodyText(r)).not.toContain(packageJsonName);
      expect(bodyText(r)).not.toContain('root:');
    });

    describe('with a symlink inside console/dist', () => {
      let root: string;
      beforeAll(async () => {
        root = await mkdtemp(join(tmpdir(), 'static-routes-'));
        await mkdir(join(root, 'console/dist'), { recursive: true });
        await writeFile(join(root, 'console/dist/index.html'), '<!doctype html><title>t</title>');
        await writeFile(join(root, 'secret.txt'), 'TOP-SECRET');
        await symlink(join(root, 'secret.txt'), join(root, 'console/dist/leak.txt'));
      });
      afterAll(async () => {
        await rm(root, { recursive: true, force: true });
      });

      it('refuses a link that leads outside the folder', async () => {
        const r = await serveStatic(
          { method: 'GET', path: '/console/leak.txt' },
          { apiUrl: API_URL, rootDir: root },
        );
        expect(r?.status).toBe(400);
        expect(r?.body.toString()).not.toContain('TOP-SECRET');
      });
    });
  });

  describe('ownership', () => {
    it.each([
      '/',
      '/v1/partner',
      '/v1/balances',
      '/favicon.ico',
      '/docsx',
      '/consolex',
      '/openapi.json.bak',
      '/api/console/',
    ])('leaves %s to other routes', async (path) => {
      expect(await serveStatic({ method: 'GET', path }, { apiUrl: API_URL })).toBeUndefined();
    });
  });
});
