// `kit-chat doctor [--json]`: checks the configuration in the environment and ./.env the way
// the relay will use it, one line per check; exit status 1 when any check failed.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadDotEnv } from '../../relay/config';
import { formatReport, runDoctor } from '../../relay/doctor/index';
import type { Command } from '../command';

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'check the configuration against Kit, the store and the running relay',
  usage: `Usage: kit-chat doctor [--json]

Checks the configuration in the environment and in .env of the current directory the way the
relay uses it: the variables, Kit's host, login and refresh, the store, RELAY_PUBLIC_URL (https,
and that it reaches this relay), RELAY_ALLOWED_ORIGINS, and what the running relay has seen of
Kit's callbacks. One line per check: ok, warn or fail, and for a failure the variable to change.
Never prints a secret. Exits with 1 when a check failed.

  --json   the same report as JSON`,

  async run({ args, env, cwd, stdout }) {
    const { values } = parseArgs({ args, options: { json: { type: 'boolean' }, help: { type: 'boolean' } }, strict: true });
    if (values.help) {
      stdout(`${this.usage}\n`);
      return 0;
    }
    loadDotEnv(join(cwd, '.env'), env);
    const report = await runDoctor(env);
    stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
    return report.ok ? 0 : 1;
  },
};
