// Kills a writing process with SIGKILL mid-flight and checks that every write it had
// acknowledged is in the database afterwards (README, Reliability: kill -9 loses nothing accepted).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { createSqliteStore } from '../../../relay/store/sqlite';

const WRITER = fileURLToPath(new URL('./durability-writer.ts', import.meta.url));
const BATCH_WRITER = fileURLToPath(new URL('./durability-batch-writer.ts', import.meta.url));
const ACKS_BEFORE_KILL = 300;
const dir = mkdtempSync(join(tmpdir(), 'relay-durability-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Ack {
  kind: string;
  visitor: string;
  id: string;
  seq: number;
}

function writeUntilKilled(path: string, writer = WRITER): Promise<Ack[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, path], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acks: Ack[] = [];
    let buffered = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const [kind = '', visitor = '', id = '', seq = ''] = line.split(' ');
        acks.push({ kind, visitor, id, seq: Number(seq) });
      }
      if (acks.length >= ACKS_BEFORE_KILL && !child.killed) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(acks);
      else reject(new Error(`writer exited on its own before it was killed: ${stderr.slice(0, 2000)}`));
    });
  });
}

it('keeps every acknowledged write when the relay process is killed with SIGKILL', async () => {
  const path = join(dir, 'relay.db');
  const acks = await writeUntilKilled(path);
  expect(acks.length).toBeGreaterThanOrEqual(ACKS_BEFORE_KILL);

  const store = createSqliteStore({ path });
  try {
    const byVisitor = new Map<string, Map<number, string>>();
    for (const visitor of new Set(acks.map((a) => a.visitor))) {
      const entries = await store.list(visitor, 0, 1000);
      expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
      byVisitor.set(visitor, new Map(entries.map((e) => [e.seq, e.type === 'message' ? e.message.id : e.type === 'conversation' ? e.reason ?? '' : e.id])));
    }
    for (const ack of acks) expect(byVisitor.get(ack.visitor)?.get(ack.seq)).toBe(ack.id);
    const accepted = acks.filter((a) => a.kind === 'accepted').length;
    expect(await store.outboxDepth()).toBeGreaterThanOrEqual(accepted);
  } finally {
    await store.close();
  }
});

it('keeps every acknowledged write of concurrent, group-committed writers killed with SIGKILL', async () => {
  const path = join(dir, 'batched.db');
  const acks = await writeUntilKilled(path, BATCH_WRITER);
  expect(acks.length).toBeGreaterThanOrEqual(ACKS_BEFORE_KILL);

  const store = createSqliteStore({ path });
  try {
    for (const visitor of new Set(acks.map((a) => a.visitor))) {
      const entries = await store.list(visitor, 0, 1000);
      expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
      const ids = new Map(entries.map((e) => [e.seq, e.type === 'message' ? e.message.id : e.type === 'conversation' ? e.reason ?? '' : e.id]));
      for (const ack of acks.filter((a) => a.visitor === visitor)) expect(ids.get(ack.seq)).toBe(ack.id);
    }
    expect(await store.outboxDepth()).toBeGreaterThanOrEqual(acks.filter((a) => a.kind === 'accepted').length);
  } finally {
    await store.close();
  }
});
