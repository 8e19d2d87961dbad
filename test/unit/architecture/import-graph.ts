import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';

/** One relative import: the file that makes it and the file it names (repository paths, no extension). */
export interface ImportEdge {
  readonly from: string;
  readonly to: string;
}

const SPECIFIER = /(?:\bfrom|\bimport)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

/** The relative imports of one TypeScript source, resolved against its own path. */
export function importsOf(path: string, source: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const match of source.matchAll(SPECIFIER)) {
    const target = normalize(join(dirname(path), match[1])).replace(/\.(js|ts|mjs)$/, '');
    edges.push({ from: path.replace(/\.ts$/, ''), to: target.split(sep).join('/') });
  }
  return edges;
}

/** Every .ts file under the given top-level folders of the repository. */
export function sourceFiles(root: string, folders: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name === 'dist') continue;
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.ts')) out.push(relative(root, full).split(sep).join('/'));
    }
  };
  for (const folder of folders) walk(join(root, folder));
  return out;
}

export function importEdges(root: string, folders: readonly string[]): ImportEdge[] {
  return sourceFiles(root, folders).flatMap((path) => importsOf(path, readFileSync(join(root, path), 'utf8')));
}

export const topFolder = (path: string) => path.split('/')[0];
