// Comments, docs and fixtures cite only what is in the repository: every `docs/kit-api.md §N` a
// file cites is a section there, every `test/fixtures/kit/…` it names exists, and nothing points
// at documents kept outside the repository.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/import-graph';

const TRACKED = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
  .split('\n')
  .filter((f) => /\.(ts|tsx|js|mjs|md|json|html|css)$/.test(f) && !f.startsWith('node_modules/') && existsSync(join(ROOT, f)));
const text = new Map(TRACKED.map((f) => [f, readFileSync(join(ROOT, f), 'utf8')]));
const KIT_DOC = readFileSync(join(ROOT, 'docs/kit-api.md'), 'utf8');
const sections = new Set([...KIT_DOC.matchAll(/^#{2,3} (\d+(?:\.\d+)?)\.? /gm)].map((m) => m[1]!));

function hits(pattern: RegExp): string[] {
  return [...text].flatMap(([file, body]) => [...body.matchAll(pattern)].map((m) => `${file}: ${m[0]}`));
}

describe('references', () => {
  it('finds the files it checks', () => {
    expect(TRACKED.length).toBeGreaterThan(300);
    expect(sections).toContain('4.2');
  });

  it('cites sections of docs/kit-api.md that exist', () => {
    const cited = [...text].flatMap(([file, body]) =>
      [...body.matchAll(/kit-api\.md[^\n]*?((?:§\d+(?:\.\d+)?(?:[-–]\d+(?:\.\d+)?)?(?:, )?)+)/g)].flatMap((m) =>
        [...m[1]!.matchAll(/§(\d+(?:\.\d+)?)(?:[-–](\d+(?:\.\d+)?))?/g)].flatMap((s) => [s[1]!, ...(s[2] ? [s[2]] : [])]).map((n) => ({ file, n })),
      ),
    );
    expect(cited.length).toBeGreaterThan(20);
    expect(cited.filter(({ n }) => !sections.has(n)).map(({ file, n }) => `${file}: §${n}`)).toEqual([]);
  });

  it('names only fixtures that exist', () => {
    const named = hits(/test\/fixtures\/kit\/[\w.-]+\.json/g);
    expect(named.length).toBeGreaterThan(5);
    expect(named.filter((h) => !existsSync(join(ROOT, h.slice(h.indexOf(': ') + 2))))).toEqual([]);
  });

  it('points at no document outside the repository', () => {
    expect(hits(/\.\.\/shared\b|\bDESIGN(?:\.md| §)|\bSTYLE\.md|(?<![\w/])kit-api\.md|(?<![\w/])kit-fixtures\//g)).toEqual([]);
  });
});
