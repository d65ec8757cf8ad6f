// Module hooks that let Node 20 import TypeScript bindings from `lightcone generate` as they are, without a
// build step: `.ts` files are transpiled on load with the TypeScript compiler (types are only stripped; tsc
// checks them elsewhere), extensionless relative imports between them (`./types`) find their `.ts` file, and
// bare imports from them (`spacetimedb`) resolve from this directory, so bindings generated anywhere share
// this package's single copy of the SDK. Use: `register('./ts-loader.mjs', import.meta.url)` before importing.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import ts from 'typescript';

const isRelative = s => s.startsWith('./') || s.startsWith('../');

export async function resolve(specifier, context, next) {
  const fromTs = context.parentURL?.startsWith('file:') && context.parentURL.endsWith('.ts');
  if (fromTs && isRelative(specifier) && !/\.[cm]?[jt]s$/.test(specifier)) {
    const file = new URL(specifier + '.ts', context.parentURL);
    if (existsSync(file)) return { url: file.href, shortCircuit: true };
  }
  if (fromTs && !isRelative(specifier) && !specifier.startsWith('/') && !specifier.includes(':')) {
    return next(specifier, { ...context, parentURL: import.meta.url });
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (url.startsWith('file:') && url.endsWith('.ts')) {
    const source = await readFile(new URL(url), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      fileName: url,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    });
    return { format: 'module', source: outputText, shortCircuit: true };
  }
  return next(url, context);
}
