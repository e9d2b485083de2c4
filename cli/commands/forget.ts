// `kit-chat forget --visitor ID | --user USERID`: erases one visitor the way DELETE /v1/visitor
// does (store, uploaded files, open streams on running relays with Redis), for an erasure
// request that arrives by email. Works against the configured store: SQLite in RELAY_DATA_DIR
// or Redis (REDIS_URL), and the configured file store (local or S3).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createCluster } from '../../relay/cluster/index';
import { loadConfig, loadDotEnv } from '../../relay/config';
import { createLogger } from '../../relay/log';
import { createStore } from '../../relay/store/index';
import { createFileStore } from '../../relay/uploads/index';
import { createErasure } from '../../relay/visitors/erasure';
import type { Command } from '../command';

export const forgetCommand: Command = {
  name: 'forget',
  summary: 'erase one visitor (by visitor id or verified user id) from the relay',
  usage: `Usage: kit-chat forget --visitor ID
       kit-chat forget --user USERID

Erases everything the relay keeps about one visitor, as the widget's "Delete this conversation"
does: profile, messages, messages not sent to Kit yet, uploaded files and tokens. --user finds
the visitor of a verified user (the userId your site signs). Uses the store and file store of the
environment and .env of the current directory, so run it where the relay runs. Kit keeps its
own copy of the conversation: delete the client there too (see the README).
Exits with 1 when no such visitor was found.

  --visitor ID      the visitor id (Kit's client_id)
  --user USERID     the verified user id`,

  async run({ args, env, cwd, stdout, stderr }) {
    const { values } = parseArgs({
      args,
      options: { visitor: { type: 'string' }, user: { type: 'string' }, help: { type: 'boolean' } },
      strict: true,
    });
    if (values.help) {
      stdout(`${this.usage}\n`);
      return 0;
    }
    if ((values.visitor === undefined) === (values.user === undefined) || values.visitor === '' || values.user === '') {
      stderr(`Give exactly one of --visitor ID or --user USERID.\n\n${this.usage}\n`);
      return 2;
    }
    loadDotEnv(join(cwd, '.env'), env);
    const config = loadConfig(env, { generateSecret: false });
    if (!config.redisUrl && !existsSync(join(config.dataDir, 'relay.db'))) {
      stderr('No relay database in RELAY_DATA_DIR: run this where the relay runs, with its environment.\n');
      return 1;
    }
    const log = createLogger('warn');
    const store = await createStore(config, log);
    const files = createFileStore(config, log);
    try {
      const cluster = await createCluster(config, log);
      try {
        const visitorId = values.visitor ?? (await store.userVisitor(values.user!));
        if (visitorId === undefined) {
          stderr('No visitor belongs to this user: the relay keeps nothing of it.\n');
          return 1;
        }
        const erasure = createErasure({ store, files, revoke: (id) => cluster.revoke(id), retentionMs: 0, now: Date.now });
        if (!(await erasure.erase(visitorId))) {
          stderr('No such visitor: the relay keeps nothing under this id.\n');
          return 1;
        }
        stdout(`Erased visitor ${visitorId}: profile, messages, unsent messages, uploads and tokens. Delete the client in Kit as well.\n`);
        return 0;
      } finally {
        await cluster.close();
      }
    } finally {
      files.close?.();
      await store.close();
    }
  },
};
