import { readFileSync } from 'node:fs';
import { CLIENT_SCHEMA_PATH, generateClientSchema } from '../../../scripts/client/client-schema';

describe('the generated partner client schema (clients/typescript/schema.d.ts)', () => {
  it('is what openapi-typescript makes of the current OpenAPI document (run `npm run generate:client` when this fails)', async () => {
    const committed = readFileSync(CLIENT_SCHEMA_PATH, 'utf8');
    const fresh = await generateClientSchema();
    if (committed !== fresh) {
      throw new Error(
        `${CLIENT_SCHEMA_PATH} is stale: the OpenAPI document (shared/api/openapi.ts and the zod schemas in ` +
          'shared/api/) changed since it was generated. Run `npm run generate:client` and commit the result.',
      );
    }
    expect(fresh).toContain('export interface paths');
  });

  it('types every documented operation', async () => {
    const { buildOpenApiDocument } = await import('../../../shared/api/openapi');
    const doc = buildOpenApiDocument({ serverUrl: 'http://localhost:3000' });
    const committed = readFileSync(CLIENT_SCHEMA_PATH, 'utf8');
    for (const [path, item] of Object.entries(doc.paths)) {
      expect(committed).toContain(`"${path}": {`);
      for (const op of Object.values(item)) expect(committed).toContain(`${op?.operationId}: {`);
    }
  });
});
