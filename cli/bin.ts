// The `kit-chat` executable (package.json `bin`): runs one command line and exits with its status.
// Exiting explicitly ends idle keep-alive sockets and timers a command may leave behind.
import { runCli } from './main';

runCli(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}).then(
  (status) => process.exit(status),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
