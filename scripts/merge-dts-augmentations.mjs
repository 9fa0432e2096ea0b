// After tsup bundles the declarations: a provider adds its record type to the model with module augmentation
// (`declare module '../../model.js' { interface RawBackupMap { ... } }`). In a bundled .d.ts that relative module no
// longer exists, so the augmentation would be lost and `ProviderName` would be `never` for users. Inside one bundle the
// augmented interface is declared at the top level already: unwrapping the block lets the two declarations merge.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DIST = new URL('../dist/', import.meta.url).pathname;
const BLOCK = /^declare module ['"]\.{1,2}\/[^'"]*['"] \{\n([\s\S]*?)^\}\n/gm;

function* declarationFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* declarationFiles(path);
    else if (/\.d\.c?ts$/.test(entry.name)) yield path;
  }
}

let merged = 0;
for (const file of declarationFiles(DIST)) {
  const text = readFileSync(file, 'utf8');
  const out = text.replace(BLOCK, (_match, body) => {
    merged++;
    return body.replace(/^ {4}/gm, '');
  });
  if (out !== text) writeFileSync(file, out);
  if (/^declare module ['"]\.{1,2}\//m.test(out)) {
    console.error(`merge-dts-augmentations: ${file} still has a relative module augmentation`);
    process.exit(1);
  }
}
console.log(`merge-dts-augmentations: ${merged} augmentation block(s) merged`);
