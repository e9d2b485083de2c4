// Doctor's report as people read it: one line per check (status, check, what was found and, for
// a warning or a failure, the fix), then a summary. `--json` prints the report object instead.
import type { DoctorReport } from './types';

const CHECK_WIDTH = 17;

export function formatReport(report: DoctorReport): string {
  const lines = report.checks.map((c) => `${c.status.padEnd(5)} ${c.check.padEnd(CHECK_WIDTH)} ${c.message}${c.fix ? `. Fix: ${c.fix}` : ''}`);
  const failed = report.checks.filter((c) => c.status === 'fail').length;
  const warned = report.checks.filter((c) => c.status === 'warn').length;
  const summary = failed > 0
    ? `${failed} check${failed === 1 ? '' : 's'} failed${warned ? `, ${warned} warning${warned === 1 ? '' : 's'}` : ''}: fix the variables named above and run kit-chat doctor again.`
    : `No check failed${warned ? ` (${warned} warning${warned === 1 ? '' : 's'})` : ''}.`;
  return `${lines.join('\n')}\n\n${summary}\n`;
}
