// What every command of the `kit-chat` command line is: a name, a line of help and a run
// function that gets its arguments and a place to write, and resolves with the exit status.
import type { Env } from '../relay/config';

export interface CommandContext {
  /** The arguments after the command's name. */
  args: string[];
  /** The environment, with `.env` of the working directory already loaded by commands that want it. */
  env: Env;
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Ends a long-running command (relay, simulator) as SIGINT would. */
  signal?: AbortSignal;
}

export interface Command {
  name: string;
  /** One line for `kit-chat --help`. */
  summary: string;
  /** The command's own `--help` text. */
  usage: string;
  /** Resolves with the exit status once the command is done (long-running ones: once stopped). */
  run(ctx: CommandContext): Promise<number>;
}

/** Resolves when the process gets SIGINT or SIGTERM, or `signal` aborts. */
export function untilStopped(signal?: AbortSignal): Promise<string> {
  return new Promise((resolve) => {
    const done = (reason: string) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      signal?.removeEventListener('abort', onAbort);
      resolve(reason);
    };
    const onInt = () => done('SIGINT');
    const onTerm = () => done('SIGTERM');
    const onAbort = () => done('abort');
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
    if (signal?.aborted) return done('abort');
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
