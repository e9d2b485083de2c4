// Builds the widget once per end-to-end run into a private temporary directory, so the relays
// under test serve the current sources and never race another build writing to dist/.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { widgetBuildConfig } from '../../vite.config';

declare module 'vitest' {
  export interface ProvidedContext {
    widgetDir: string;
  }
}

let dir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  dir = mkdtempSync(join(tmpdir(), 'kitchat-e2e-widget-'));
  try {
    await build(widgetBuildConfig(dir));
  } catch (error) {
    teardown();
    throw error;
  }
  project.provide('widgetDir', dir);
}

export function teardown(): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}
