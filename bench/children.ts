// Benchmark children: each server under test (Kit stand-in, bare forwarder, relay) runs in its
// own Node process, so none shares an event loop with the load generator. They talk over IPC:
// the child announces {type:'ready', ...}; the parent asks and waits for typed answers.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Child<Ready> {
  process: ChildProcess;
  ready: Ready;
  /** Sends a message and resolves with the child's first answer of type `answer`. */
  ask<T>(message: { type: string } & Record<string, unknown>, answer: string): Promise<T>;
  /** Asks the child to stop cleanly (a CPU profile is written on a clean exit), then waits. */
  stop(): Promise<void>;
}

export interface ChildOptions {
  env?: Record<string, string>;
  /** Extra Node flags, e.g. ['--cpu-prof', '--cpu-prof-dir=…']. */
  nodeArgs?: string[];
}

/** Absolute time in ms with sub-ms resolution, comparable between processes on one machine. */
export const clock = () => performance.timeOrigin + performance.now();

export function startChild<Ready>(script: string, options: ChildOptions = {}): Promise<Child<Ready>> {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', path], {
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ask = <T>(message: { type: string }, answer: string) =>
    new Promise<T>((resolve, reject) => {
      const onExit = () => reject(new Error(`${script} exited while asked for ${answer}`));
      const on = (msg: { type?: string }) => {
        if (msg?.type !== answer) return;
        child.off('message', on);
        child.off('exit', onExit);
        resolve(msg as T);
      };
      child.on('message', on);
      child.once('exit', onExit);
      child.send(message);
    });
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`${script} exited with ${code} before it was ready`));
    child.once('exit', onExit);
    child.on('message', function onReady(msg: { type?: string }) {
      if (msg?.type !== 'ready') return;
      child.off('message', onReady);
      child.off('exit', onExit);
      resolve({
        process: child,
        ready: msg as Ready,
        ask,
        async stop() {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.send({ type: 'stop' });
          const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
          await exited;
          clearTimeout(timer);
        },
      });
    });
  });
}

/** CPU time (user + system) the child has used so far, in ms. */
export async function cpuMs(child: Child<unknown>): Promise<number> {
  const { usage } = await child.ask<{ usage: NodeJS.CpuUsage }>({ type: 'cpu' }, 'cpu');
  return (usage.user + usage.system) / 1000;
}

/**
 * In a child: calls the handler for each parent message of its type, answers {type:'cpu'} with
 * process.cpuUsage(), and exits on {type:'stop'} once `stop` has run.
 */
export function onParent(handlers: Record<string, (msg: Record<string, unknown>) => unknown>, stop: () => Promise<void> = async () => undefined): void {
  process.on('message', (msg: { type?: string } & Record<string, unknown>) => {
    if (msg?.type === 'cpu') {
      process.send?.({ type: 'cpu', usage: process.cpuUsage() });
      return;
    }
    if (msg?.type === 'stop') {
      void stop().finally(() => process.exit(0));
      return;
    }
    const handler = msg?.type ? handlers[msg.type] : undefined;
    handler?.(msg);
  });
  process.on('disconnect', () => process.exit(0));
}
