// Build entry of the app chunk: hands startApp to the loader that fetched this script.
import { startApp } from './app';
import { handOver } from './loader/handoff';

handOver(startApp);
