// Type declarations for the package's exports, usable with `"moduleResolution": "nodenext"`:
// tsc emits .d.ts files for the entries and what they import, then only the files the entries
// reach are kept, with every relative import given the `.js` extension Node's resolution needs.
// Fails when a kept declaration imports a package the package's users would not have.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { ROOT } from './import-graph';

/** Packages a declaration may import: they ship their own types and are dependencies. */
const TYPED_DEPENDENCIES = ['pino', 'ioredis', 'zod'];
const SPECIFIER = /(\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)(['"])([^'"]+)\2/g;

export function emitDeclarations(entries: string[], outDir: string): string[] {
  const tmp = mkdtempSync(join(tmpdir(), 'kit-chat-types-'));
  try {
    const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    });
    if (!config) throw new Error('tsconfig.json could not be read');
    const program = ts.createProgram(entries.map((e) => join(ROOT, e)), {
      ...config.options,
      noEmit: false,
      declaration: true,
      emitDeclarationOnly: true,
      declarationMap: false,
      rootDir: ROOT,
      outDir: tmp,
    });
    const result = program.emit();
    const errors = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics].filter((d) => d.category === ts.DiagnosticCategory.Error);
    if (errors.length > 0) {
      throw new Error(ts.formatDiagnostics(errors, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => '\n' }));
    }
    return copyReachable(entries.map((e) => e.replace(/\.tsx?$/, '.d.ts')), tmp, outDir);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Copies the declarations reachable from `entries`, rewriting relative specifiers; returns them. */
function copyReachable(entries: string[], from: string, to: string): string[] {
  const seen = new Set<string>();
  const queue = [...entries];
  const problems: string[] = [];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(join(from, file), 'utf8').replace(SPECIFIER, (whole, lead: string, quote: string, specifier: string) => {
      if (!specifier.startsWith('.')) {
        const pkg = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
        if (!specifier.startsWith('node:') && !TYPED_DEPENDENCIES.includes(pkg)) problems.push(`${file} imports ${specifier}`);
        return whole;
      }
      const target = resolveDeclaration(from, file, specifier);
      if (!target) {
        problems.push(`${file}: cannot resolve ${specifier}`);
        return whole;
      }
      queue.push(target);
      let rel = relative(dirname(file), target).replace(/\.d\.ts$/, '.js');
      if (!rel.startsWith('.')) rel = `./${rel}`;
      return `${lead}${quote}${rel}${quote}`;
    });
    mkdirSync(dirname(join(to, file)), { recursive: true });
    writeFileSync(join(to, file), text);
  }
  if (problems.length > 0) throw new Error(`Declarations the package's users could not load:\n${problems.join('\n')}`);
  return [...seen];
}

function resolveDeclaration(root: string, file: string, specifier: string): string | undefined {
  const base = relative(root, resolve(root, dirname(file), specifier.replace(/\.(js|ts)$/, '')));
  return [`${base}.d.ts`, join(base, 'index.d.ts')].find((candidate) => existsSync(join(root, candidate)));
}
