// The project's import graph, read from the sources: which module imports which (type-only
// imports included, since they tie modules together just the same), and the cycles in it.
// `npm run graph -- widget` prints the widget's graph; test/architecture uses the functions.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface ImportEdge {
  /** Importing file, relative to the repository root. */
  from: string;
  /** The specifier as written. */
  specifier: string;
  /** The imported file relative to the root, for relative specifiers that resolve. */
  to?: string;
  typeOnly: boolean;
}

const SOURCE = /\.(ts|tsx)$/;
// `import x from '…'`, `import type {…} from '…'`, `export {…} from '…'`, `import '…'`, `import('…')`.
const STATIC = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

export function sourceFiles(dir: string): string[] {
  const abs = join(ROOT, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sourceFiles(path);
    return SOURCE.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function resolveFile(fromFile: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = join(dirname(fromFile), specifier.replace(/\?.*$/, ''));
  const candidates = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')];
  return candidates.find((c) => existsSync(join(ROOT, c)) && statSync(join(ROOT, c)).isFile());
}

export function importsOf(file: string): ImportEdge[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const edges: ImportEdge[] = [];
  for (const m of text.matchAll(STATIC)) {
    edges.push({ from: file, specifier: m[3]!, to: resolveFile(file, m[3]!), typeOnly: !!m[2] });
  }
  for (const m of text.matchAll(DYNAMIC)) {
    edges.push({ from: file, specifier: m[1]!, to: resolveFile(file, m[1]!), typeOnly: false });
  }
  return edges;
}

/** Every edge from the files under `dir`. */
export function importGraph(dir: string): ImportEdge[] {
  return sourceFiles(dir).flatMap(importsOf);
}

/** For each file reachable from `from` through imports, the chain that reaches it (from first). */
export function reachable(edges: ImportEdge[], from: string): Map<string, string[]> {
  const next = new Map<string, string[]>();
  for (const e of edges) if (e.to) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const paths = new Map<string, string[]>([[from, [from]]]);
  const queue = [from];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const to of next.get(file) ?? []) {
      if (paths.has(to)) continue;
      paths.set(to, [...paths.get(file)!, to]);
      queue.push(to);
    }
  }
  paths.delete(from);
  return paths;
}

/** Each elementary cycle found by a depth-first search, as a list of files (first = last). */
export function findCycles(edges: ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) if (e.to) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const to of next.get(node) ?? []) {
      if (state.get(to) === 'open') {
        const cycle = [...stack.slice(stack.indexOf(to)), to];
        const key = [...cycle.slice(0, -1)].sort().join('|');
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(cycle);
        }
      } else if (!state.has(to)) visit(to);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...next.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

function main(dir: string): void {
  const edges = importGraph(dir).filter((e) => e.to);
  const byFile = new Map<string, ImportEdge[]>();
  for (const e of edges) byFile.set(e.from, [...(byFile.get(e.from) ?? []), e]);
  for (const file of [...byFile.keys()].sort()) {
    const list = byFile.get(file)!.map((e) => `${relative(dirname(file), e.to!) || e.to}${e.typeOnly ? ' (type)' : ''}`);
    console.log(`${file}\n  → ${list.join('\n  → ')}`);
  }
  const cycles = findCycles(edges);
  console.log(`\n${sourceFiles(dir).length} modules, ${edges.length} imports, ${cycles.length} cycle${cycles.length === 1 ? '' : 's'}`);
  for (const c of cycles) console.log(`  cycle: ${c.join(' → ')}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv[2] ?? 'widget');
