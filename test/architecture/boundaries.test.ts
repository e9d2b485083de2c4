// The architecture as a test (DESIGN §9): contracts live in protocol/ and run nothing; the
// widget never imports the relay or the demo, and the relay never imports the widget or the demo.
import ts from 'typescript';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, importGraph, sourceFiles, type ImportEdge } from '../../scripts/import-graph';

const crossing = (edges: ImportEdge[], folders: string[]) =>
  edges.filter((e) => e.to && folders.some((f) => e.to!.startsWith(`${f}/`))).map((e) => `${e.from} → ${e.to}`);

describe('module boundaries', () => {
  it('keeps the widget away from relay/ and demo/ (type imports included)', () => {
    const edges = importGraph('widget');
    expect(edges.length).toBeGreaterThan(50);
    expect(crossing(edges, ['relay', 'demo'])).toEqual([]);
  });

  it('keeps the relay away from widget/ and demo/', () => {
    const edges = importGraph('relay');
    expect(edges.length).toBeGreaterThan(50);
    expect(crossing(edges, ['widget', 'demo'])).toEqual([]);
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
