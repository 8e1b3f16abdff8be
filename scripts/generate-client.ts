import { writeFileSync } from 'node:fs';
import { CLIENT_SCHEMA_PATH, generateClientSchema } from './client/client-schema';

/** `npm run generate:client`: rewrites the typed partner client's schema from the OpenAPI document. */
writeFileSync(CLIENT_SCHEMA_PATH, await generateClientSchema());
console.log(`wrote ${CLIENT_SCHEMA_PATH}`);
