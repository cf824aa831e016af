// Writes src/api/generated/schema.ts from the repository's openapi.yaml; with --check, fails
// instead when the committed file differs from what openapi.yaml generates.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const spec = new URL('../../openapi.yaml', import.meta.url);
const target = new URL('../src/api/generated/schema.ts', import.meta.url);
const HEADER =
  '// Generated from openapi.yaml by `npm run gen`; do not edit. `npm run lint` fails on drift.\n\n';

const generated = HEADER + astToString(await openapiTS(spec, { alphabetize: false, enumValues: true }));

if (process.argv.includes('--check')) {
  const committed = await readFile(target, 'utf8').catch(() => '');
  if (committed !== generated) {
    console.error(
      `${fileURLToPath(target)} is out of date with openapi.yaml: run \`npm run gen\` and commit it.`,
    );
    process.exit(1);
  }
  console.log('API client types match openapi.yaml');
} else {
  await writeFile(target, generated);
  console.log(`wrote ${fileURLToPath(target)}`);
}
