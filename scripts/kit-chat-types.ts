// The type declarations of the KitChat global for sites written in TypeScript
// (dist/widget/kit-chat.d.ts), made by the widget build from widget/public-api.ts: its types as
// they are, its runtime tables as private declarations, and the global itself.
import { join } from 'node:path';
import ts from 'typescript';
import { ROOT } from './import-graph';

export const PUBLIC_API = join(ROOT, 'widget/public-api.ts');

const HEADER = `// Types of the Kit Chat widget's KitChat global, made from widget/public-api.ts by the widget
// build. Add this file to your project's TypeScript sources to type KitChat(...) calls.
`;

const GLOBAL = `
declare global {
  interface Window {
    KitChat: KitChatApi;
  }
  var KitChat: KitChatApi;
}
`;

export function kitChatDeclarations(): string {
  const program = ts.createProgram([PUBLIC_API], {
    declaration: true,
    emitDeclarationOnly: true,
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    lib: ['lib.es2022.d.ts'],
    types: [],
  });
  const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  if (problems.length) throw new Error(`widget/public-api.ts does not compile on its own: ${problems.join('; ')}`);
  let text = '';
  program.emit(program.getSourceFile(PUBLIC_API), (_name, out) => (text = out), undefined, true);
  // The check tables exist only inside the loader: a site cannot import them, so they are not exported.
  return HEADER + text.replace(/^export declare const /gm, 'declare const ') + GLOBAL;
}
