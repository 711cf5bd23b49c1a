/**
 * package.json declares exactly what the shipped code imports: a runtime dependency per
 * package src imports (outside tests), none it does not; test-only packages are devDependencies.
 */
import { builtinModules } from 'module';
import { readdirSync, readFileSync } from 'fs';
import { join, relative } from 'path';

const root = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return sources(path);
    }
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

// The bare specifier of an import or export statement, `import(…)` or `require(…)`.
const SPECIFIER =
  /^(?:import|export)\b[^;]*?\bfrom\s+'([^'.][^']*)'|^import\s+'([^'.][^']*)'|\b(?:import|require)\('([^'.][^']*)'\)/gm;

function packagesImported(files: string[]): Set<string> {
  const found = new Set<string>();
  for (const file of files) {
    for (const match of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
      const specifier = match[1] ?? match[2] ?? match[3];
      const parts = specifier.split('/');
      const name = specifier.startsWith('@')
        ? parts.slice(0, 2).join('/')
        : parts[0];
      if (!builtinModules.includes(name.replace(/^node:/, ''))) {
        found.add(name);
      }
    }
  }
  return found;
}

const isTest = (file: string) => /(^|\/)__tests__\//.test(relative(root, file));
const all = sources(join(root, 'src'));

describe('package.json dependencies', () => {
  it('are exactly the packages src imports outside its tests', () => {
    const shipped = packagesImported(all.filter(file => !isTest(file)));
    expect([...shipped].sort()).toEqual(
      Object.keys(manifest.dependencies).sort()
    );
  });

  it('declare every package a unit test imports', () => {
    const declared = new Set([
      ...Object.keys(manifest.dependencies),
      ...Object.keys(manifest.devDependencies)
    ]);
    const missing = [...packagesImported(all.filter(isTest))].filter(
      name => !declared.has(name)
    );
    expect(missing).toEqual([]);
  });
});
