// A relay in its own process, so a fault run can kill it with SIGKILL: configured entirely by
// the environment its parent passes, logging JSON lines to stdout and announcing its URL there.
// TEST_WIDGET_DIR (a test's own setting) points it at a widget build other than dist/widget.
import { loadConfig } from '../../relay/config';
import { createLogger } from '../../relay/log';
import { startRelay } from '../../relay/main';

const config = loadConfig(process.env, { requireKit: true });
const widgetDir = process.env.TEST_WIDGET_DIR;
const relay = await startRelay(config, { log: createLogger(config.logLevel), ...(widgetDir ? { widgetDir } : {}) });
process.stdout.write(`${JSON.stringify({ ready: relay.url })}\n`);
