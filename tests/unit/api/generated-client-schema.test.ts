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

describe('the console types (console/src/api/types.ts)', () => {
  it('take every partner API shape from the generated schema instead of copying it by hand', async () => {
    const { buildOpenApiDocument } = await import('../../../shared/api/openapi');
    const schemaNames = new Set(
      Object.keys(buildOpenApiDocument({ serverUrl: 'http://localhost:3000' }).components.schemas),
    );
    const source = readFileSync('console/src/api/types.ts', 'utf8');
    const handWritten = [
      ...source.matchAll(/^export (?:interface|type) (\w+)(?: =)?\s*(?:\{|\n\s*\|)/gm),
    ].map((m) => m[1]);
    expect(handWritten.filter((name) => name !== undefined && schemaNames.has(name))).toEqual([]);
    expect(source).toContain("from '../../../clients/typescript/schema'");
  });
});
