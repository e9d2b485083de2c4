// Build entry of the app chunk: hands startApp to the loader that fetched this script.
import { startApp, type StartApp } from './app';

(window as { KitChat?: { _r?: (start: StartApp) => void } }).KitChat?._r?.(startApp);
