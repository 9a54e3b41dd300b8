// Regenerates src/api/openapi.json and src/api/schema.d.ts (the client's types) from the server's route schemas.
// Run after changing a route schema: `npm run generate-api -w @custseg/web` (needs `npm run build` first).
// A test fails while the committed copies differ from what this would write.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openApiDocument } from './openapi-document.mjs';
import { apiTypes } from './api-types.mjs';

const doc = await openApiDocument();
const api = (name) => fileURLToPath(new URL(`../src/api/${name}`, import.meta.url));
writeFileSync(api('openapi.json'), `${JSON.stringify(doc, null, 2)}\n`);
writeFileSync(api('schema.d.ts'), await apiTypes(doc));
console.log('wrote src/api/openapi.json and src/api/schema.d.ts');
