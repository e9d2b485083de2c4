// A vitest reporter: under CI=true a skipped test fails the run, naming each one and why. Tests
// skip locally where a machine lacks a browser, Redis or a system tool, which is a convenience on
// a laptop and a hole in CI, where every test must have run for a green result to mean anything.
import { relative } from 'node:path';
import type { Reporter, TestModule, Vitest } from 'vitest/node';

export class SkipsFailInCi implements Reporter {
  private filtered = false;

  constructor(private readonly enabled = process.env.CI === 'true' || process.env.CI === '1') {}

  onInit(vitest: Vitest): void {
    // `-t pattern` skips every test it does not match: that is the developer's choice, not a hole.
    this.filtered = Boolean(vitest.config.testNamePattern);
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    if (!this.enabled || this.filtered) return;
    const skipped = testModules.flatMap((m) => [...m.children.allTests('skipped')].map((t) => `${relative(process.cwd(), m.moduleId)}: ${t.fullName}`));
    if (skipped.length === 0) return;
    process.stderr.write(`\nCI=true and ${skipped.length} test(s) skipped; every test must run in CI:\n${skipped.map((s) => `  - ${s}\n`).join('')}\n`);
    process.exitCode = 1;
  }
}
