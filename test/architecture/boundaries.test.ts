// The architecture as a test (README, How it fits together): contracts live in protocol/ and run nothing; the
// widget never imports the relay or the demo, and the relay never imports the widget or the demo;
// inside the widget, the models never reach the components and no import goes round in a circle.
import ts from 'typescript';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, findCycles, importGraph, reachable, sourceFiles, type ImportEdge } from '../../scripts/import-graph';

const crossing = (edges: ImportEdge[], folders: string[]) =>
  edges.filter((e) => e.to && folders.some((f) => e.to!.startsWith(`${f}/`))).map((e) => `${e.from} → ${e.to}`);

describe('module boundaries', () => {
  it('keeps the widget away from relay/, demo/ and cli/ (type imports included)', () => {
    const edges = importGraph('widget');
    expect(edges.length).toBeGreaterThan(50);
    expect(crossing(edges, ['relay', 'demo', 'cli'])).toEqual([]);
  });

  it('keeps the relay away from widget/, demo/ and cli/', () => {
    const edges = importGraph('relay');
    expect(edges.length).toBeGreaterThan(50);
    expect(crossing(edges, ['widget', 'demo', 'cli'])).toEqual([]);
  });

  it('lets protocol/ import nothing but itself', () => {
    const edges = importGraph('protocol');
    expect(edges.filter((e) => !e.to?.startsWith('protocol/')).map((e) => `${e.from} → ${e.specifier}`)).toEqual([]);
  });

  it('finds the widget, relay and simulator taking their contracts from protocol/', () => {
    const users = ['widget', 'relay', 'demo'].map((dir) => crossing(importGraph(dir), ['protocol']).length);
    expect(users.every((n) => n > 0)).toBe(true);
  });
});

describe('protocol/', () => {
  const files = sourceFiles('protocol');

  it('holds the relay API and the Kit API contracts', () => {
    expect(files.sort()).toEqual(['protocol/kit-api.ts', 'protocol/relay-api.ts']);
  });

  it.each(files)('%s compiles to nothing that runs', (file) => {
    const out = ts.transpileModule(readFileSync(join(ROOT, file), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
    }).outputText;
    expect(out.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '').replace(/export \{\};/, '').trim()).toBe('');
  });
});

describe('inside widget/', () => {
  const edges = importGraph('widget');

  it('has no import cycle (type-only imports count)', () => {
    expect(findCycles(edges).map((cycle) => cycle.join(' → '))).toEqual([]);
  });

  it('keeps widget/state/ away from widget/ui/, directly or through any other module', () => {
    const state = sourceFiles('widget/state');
    expect(state.length).toBeGreaterThan(10);
    const leaks = state.flatMap((file) => [...reachable(edges, file)].filter(([to]) => to.startsWith('widget/ui/')).map(([, chain]) => chain.join(' → ')));
    expect(leaks).toEqual([]);
  });

  it('finds a cycle and a leak where there is one', () => {
    const edge = (from: string, to: string): ImportEdge => ({ from, to, specifier: to, typeOnly: true });
    const graph = [edge('widget/state/a.ts', 'widget/plugins/b.ts'), edge('widget/plugins/b.ts', 'widget/ui/C.tsx'), edge('widget/ui/C.tsx', 'widget/state/a.ts')];
    const cycles = findCycles(graph);
    expect(cycles).toHaveLength(1);
    expect([...new Set(cycles[0])].sort()).toEqual(['widget/plugins/b.ts', 'widget/state/a.ts', 'widget/ui/C.tsx']);
    expect(reachable(graph, 'widget/state/a.ts').get('widget/ui/C.tsx')).toEqual(['widget/state/a.ts', 'widget/plugins/b.ts', 'widget/ui/C.tsx']);
  });
});
