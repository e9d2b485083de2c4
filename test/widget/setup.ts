// Widget test set-up: testing-library's waitFor and findBy* wait as long as expect.poll does in
// this project (its 1 s default flakes on a loaded machine), and the DOM is cleaned between tests.
import { cleanup, configure } from '@testing-library/preact';
import { afterEach } from 'vitest';
import { takeUnexpectedErrors } from './fakes';

configure({ asyncUtilTimeout: 5_000 });
afterEach(() => cleanup());

// An error the widget reported that the test did not declare (expectWidgetError) fails it: a
// render crash must not pass as "nothing shown".
afterEach(() => {
  const errors = takeUnexpectedErrors();
  if (errors.length > 0) {
    throw new Error(`The widget reported ${errors.length} error(s) no test expected:\n${errors.map((e) => (e instanceof Error ? e.stack ?? e.message : JSON.stringify(e))).join('\n')}`);
  }
});
