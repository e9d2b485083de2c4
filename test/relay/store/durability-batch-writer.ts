// A child process for the durability test: keeps many writes to the SQLite store in flight at
// once, so they share group commits, and prints one line per acknowledged write until killed.
import { createSqliteStore } from '../../../relay/store/sqlite';
import { outboxFor, visitorMessage } from './builders';

const IN_FLIGHT = 40;
const path = process.argv[2];
if (!path) throw new Error('usage: durability-batch-writer.ts <database path>');
const store = createSqliteStore({ path });

let next = 0;
async function lane(): Promise<never> {
  for (;;) {
    const i = ++next;
    const visitor = `visitor-${i % 7}`;
    if (i % 2 === 0) {
      const accepted = await store.accept(visitor, visitorMessage(`m${i}`), outboxFor(visitor, `m${i}`, i));
      process.stdout.write(`accepted ${visitor} m${i} ${accepted.entry.seq}\n`);
    } else {
      const appended = await store.append(visitor, { type: 'conversation', state: 'closed', reason: `r${i}` });
      process.stdout.write(`appended ${visitor} r${i} ${appended.seq}\n`);
    }
  }
}
await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
