// A child process for the durability test: writes to the SQLite store in a loop and
// prints one line per acknowledged write, until it is killed.
import { createSqliteStore } from '../../../relay/store/sqlite';
import { outboxFor, visitorMessage } from './builders';

const path = process.argv[2];
if (!path) throw new Error('usage: durability-writer.ts <database path>');
const store = createSqliteStore({ path });

for (let i = 1; ; i++) {
  const visitor = `visitor-${i % 3}`;
  const accepted = await store.accept(visitor, visitorMessage(`m${i}`), outboxFor(visitor, `m${i}`, i));
  process.stdout.write(`accepted ${visitor} m${i} ${accepted.entry.seq}\n`);
  const appended = await store.append(visitor, { type: 'conversation', state: 'closed', reason: `r${i}` });
  process.stdout.write(`appended ${visitor} r${i} ${appended.seq}\n`);
}
