// Starts test/chaos/relay-process.ts as a child process and waits for its URL; everything it
// prints is kept, so a run can check its logs. `kill()` is SIGKILL: no shutdown code runs.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Env } from '../../relay/config';

const SCRIPT = fileURLToPath(new URL('./relay-process.ts', import.meta.url));

export interface RelayProcess {
  url: string;
  child: ChildProcess;
  /** Everything the child printed so far. */
  output(): string;
  /** SIGKILL, resolving once the process is gone. */
  kill(): Promise<void>;
}

export async function spawnRelay(env: Env, timeoutMs = 20_000): Promise<RelayProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`relay process did not start:\n${out}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      out += String(chunk);
      const ready = /\{"ready":"([^"]+)"\}/.exec(out);
      if (ready) {
        clearTimeout(timer);
        resolve(ready[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`relay process exited with ${code}:\n${out}`));
    });
  });
  return {
    url,
    child,
    output: () => out,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
