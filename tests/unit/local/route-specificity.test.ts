import { compileRoutes, findRoute } from '../../../scripts/local/api-server';
import type { FunctionSpec } from '../../../functions/catalog';

const fn = (name: string, paths: string[]): FunctionSpec => ({
  name,
  entry: `functions/partner-api/${name}.ts`,
  description: name,
  kind: 'api',
  routes: paths.map((path) => ({ method: 'GET' as const, path })),
  timeoutSeconds: 10,
  memoryMb: 256,
  grants: ['table:read'],
});

describe('the local API router picks the route API Gateway would', () => {
  // The `{code}` function comes first in the catalog: a first-match router would send "activity" to it.
  const routes = compileRoutes([
    fn('manage', ['/v1/sub-partners/{code}', '/v1/sub-partners/{code}/summary-x']),
    fn('reports', ['/v1/sub-partners/activity', '/v1/sub-partners/{code}/summary']),
  ]);

  it('sends a literal segment to its own route, whatever the catalog order', () => {
    expect(findRoute(routes, 'GET', '/v1/sub-partners/activity', false)?.functionName).toBe('reports');
    expect(findRoute(routes, 'GET', '/v1/sub-partners/activity', false)?.resource).toBe(
      '/v1/sub-partners/activity',
    );
  });

  it('still sends any other value of the parameter to the parameter route', () => {
    const r = findRoute(routes, 'GET', '/v1/sub-partners/M-ACME', false);
    expect(r?.functionName).toBe('manage');
    expect(r?.resource).toBe('/v1/sub-partners/{code}');
    expect(findRoute(routes, 'GET', '/v1/sub-partners/M-ACME/summary', false)?.functionName).toBe('reports');
  });

  it('matches nothing for an unknown path', () => {
    expect(findRoute(routes, 'GET', '/v1/sub-partners/M-ACME/unknown', false)).toBeUndefined();
  });
});
