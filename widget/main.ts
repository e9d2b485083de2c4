// The loader entry (dist/widget/widget.js): a classic script the site pastes with
// `<script src="https://RELAY/widget.js" async>`. It stays small; the app comes later.
import { boot } from './loader/boot';
import { loadApp } from './loader/load-app';

try {
  boot(window, { loadApp });
} catch {
  /* never throw into the host page */
}
