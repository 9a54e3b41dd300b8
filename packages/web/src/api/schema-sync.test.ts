import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiTypes } from '../../scripts/api-types.mjs';
import { openApiDocument } from '../../scripts/openapi-document.mjs';

// The client's types are generated from the server's OpenAPI document; this fails when a route schema changed
// and `node packages/web/scripts/generate-api.mjs` was not run, so the web app cannot drift from the API.
describe('src/api/openapi.json and schema.d.ts', () => {
  it('are what the server generates now', async () => {
    const doc = await openApiDocument();
    const committed = JSON.parse(readFileSync(new URL('./openapi.json', import.meta.url), 'utf8'));
    expect(committed, 'run: node packages/web/scripts/generate-api.mjs').toEqual(JSON.parse(JSON.stringify(doc)));
    expect(readFileSync(new URL('./schema.d.ts', import.meta.url), 'utf8'), 'run: node packages/web/scripts/generate-api.mjs').toBe(await apiTypes(doc));
  });
});
