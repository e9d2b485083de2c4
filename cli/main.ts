// `kit-chat <command>`: finds the command and runs it; cli/bin.ts hands it the process's
// arguments, environment and streams. Tests call runCli with their own.
import type { CommandContext } from './command';
import { COMMANDS } from './commands/index';

declare const __KIT_CHAT_VERSION__: string | undefined;
const VERSION = typeof __KIT_CHAT_VERSION__ === 'string' ? __KIT_CHAT_VERSION__ : 'development';

export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: kit-chat <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'kit-chat <command> --help shows a command\'s options.',
  ].join('\n');
}

/** Runs one command line (without `node` and the script) and resolves with its exit status. */
export async function runCli(argv: string[], ctx: Omit<CommandContext, 'args'>): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? ctx.stderr : ctx.stdout)(`${usage()}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    ctx.stdout(`${VERSION}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    ctx.stderr(`Unknown command: ${name}\n\n${usage()}\n`);
    return 2;
  }
  try {
    return await command.run({ ...ctx, args });
  } catch (err) {
    // Options that parseArgs refuses are the user's mistake: say so, with the command's usage.
    if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      ctx.stderr(`${(err as Error).message}\n\n${command.usage}\n`);
      return 2;
    }
    throw err;
  }
}
