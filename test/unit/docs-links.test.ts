import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The documentation must work in any clone (docs/README.md): every relative
 * link in a Markdown file names a file inside the repository that exists, and
 * a link's `#anchor` names a heading of the page it points to. Nothing cites
 * the design or conventions pages that used to live outside the repository.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'data', 'coverage']);

function filesUnder(dir: string, suffixes: readonly string[]): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) {
      // Hidden folders (.git, .ci) and build or runtime output hold no docs of ours.
      if (entry.name.startsWith('.') || SKIPPED_DIRS.has(entry.name)) return [];
      return filesUnder(join(dir, entry.name), suffixes);
    }
    return suffixes.some((s) => entry.name.endsWith(s)) ? [join(dir, entry.name)] : [];
  });
}

/** The text outside fenced code blocks and inline code spans, line count kept. */
function proseOf(markdown: string): string {
  const withoutFences = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, (block) => block.replace(/[^\n]/g, ''));
  return withoutFences.replace(/(`+)[^`\n]*?\1/g, (span) => ' '.repeat(span.length));
}

interface Link {
  line: number;
  target: string;
}

function linksOf(markdown: string): Link[] {
  const prose = proseOf(markdown);
  const links: Link[] = [];
  const lineOf = (index: number) => prose.slice(0, index).split('\n').length;
  // Inline links and images: [text](target "title"), text possibly holding [..].
  for (const m of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) links.push({ line: lineOf(m.index ?? 0), target: m[1] });
  // Reference definitions: [id]: target
  for (const m of prose.matchAll(/^ {0,3}\[[^\]]+\]:\s+<?(\S+?)>?(?:\s|$)/gm)) links.push({ line: lineOf(m.index ?? 0), target: m[1] });
  return links;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slugOf(heading: string): string {
  const text = heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*]/g, '')
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

const anchorCache = new Map<string, Set<string>>();

function anchorsOf(file: string): Set<string> {
  const cached = anchorCache.get(file);
  if (cached) return cached;
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const prose = readFileSync(file, 'utf8').replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  for (const m of prose.matchAll(/^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/gm)) {
    const slug = slugOf(m[1]);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  for (const m of prose.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) anchors.add(m[1]);
  anchorCache.set(file, anchors);
  return anchors;
}

/** What is wrong with one link of `file`, or null when it resolves. */
function problemWith(file: string, target: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) return null; // http(s), mailto: not ours to check
  const hash = target.indexOf('#');
  const pathPart = decodeURIComponent(hash < 0 ? target : target.slice(0, hash));
  const anchor = hash < 0 ? null : decodeURIComponent(target.slice(hash + 1));
  if (pathPart.startsWith('/')) return 'is absolute; use a path relative to this file';
  const resolved = pathPart === '' ? file : resolve(dirname(file), pathPart);
  const inRepo = relative(root, resolved);
  if (inRepo === '..' || inRepo.startsWith(`..${sep}`)) return `points outside the repository (${inRepo}); the docs live in docs/`;
  if (!existsSync(resolved)) return `names ${inRepo || '.'}, which does not exist`;
  if (anchor !== null && anchor !== '' && resolved.endsWith('.md') && statSync(resolved).isFile()) {
    if (!anchorsOf(resolved).has(anchor)) return `names #${anchor}, which is no heading of ${inRepo}`;
  }
  return null;
}

describe('documentation links', () => {
  const pages = filesUnder(root, ['.md']);

  it('finds the pages, docs/ among them', () => {
    const names = pages.map((p) => relative(root, p).split(sep).join('/'));
    expect(names).toEqual(expect.arrayContaining(['README.md', 'docs/README.md', 'docs/design.md', 'docs/spc-conventions.md']));
  });

  it('every relative link names a file in the repository, and an anchor a heading there', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const page of pages) {
      for (const link of linksOf(readFileSync(page, 'utf8'))) {
        checked++;
        const problem = problemWith(page, link.target);
        if (problem) broken.push(`${relative(root, page)}:${link.line}: (${link.target}) ${problem}`);
      }
    }
    expect(broken).toEqual([]);
    // The READMEs link to each other well over a hundred times; far fewer means the scan missed them.
    expect(checked).toBeGreaterThan(100);
  });

  it('the checker itself catches a broken link, a link outside the repository and a wrong anchor', () => {
    const readme = join(root, 'README.md');
    expect(problemWith(readme, 'docs/no-such-page.md')).toMatch(/does not exist/);
    // The old design page's path, built from parts so this file does not cite it.
    expect(problemWith(readme, `../${'shared'}/${'DESIGN'}.md`)).toMatch(/outside the repository/);
    expect(problemWith(readme, 'docs/design.md#no-such-heading')).toMatch(/no heading/);
    expect(problemWith(readme, 'docs/design.md#layers')).toBeNull();
    expect(linksOf('see `[x](missing.md)` and\n```\n[y](gone.md)\n```\n[z](docs/design.md)').map((l) => l.target)).toEqual(['docs/design.md']);
  });
});

describe('citations of pages outside the repository', () => {
  // Built from parts so this file does not cite them itself.
  const outside = new RegExp(`\\b(${['DESIGN', 'CONVENTIONS'].join('|')})\\.md\\b|\\.\\./${'shared'}/`);
  const self = fileURLToPath(import.meta.url);

  it('no source comment, README or bench text cites them; docs/ holds their content', () => {
    const cites: string[] = [];
    for (const file of filesUnder(root, ['.ts', '.md'])) {
      if (file === self) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((text, i) => {
          if (outside.test(text)) cites.push(`${relative(root, file)}:${i + 1}: ${text.trim()}`);
        });
    }
    expect(cites).toEqual([]);
  });
});
