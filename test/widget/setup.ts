// Widget test set-up: testing-library's waitFor and findBy* wait as long as expect.poll does in
// this project (its 1 s default flakes on a loaded machine), and the DOM is cleaned between tests.
import { cleanup, configure } from '@testing-library/preact';
import { afterEach } from 'vitest';

configure({ asyncUtilTimeout: 5_000 });
afterEach(() => cleanup());
