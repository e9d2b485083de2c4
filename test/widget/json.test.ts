// The widget's JSON writer on a page whose libraries patched the built-ins (Prototype.js's
// Array#toJSON, enumerable Object.prototype additions): storage and request bodies come out as
// on a clean page.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toJson } from '../../widget/util/json';
import { createMemoryStore, createStore } from '../../widget/util/storage';

type Patched = { toJSON?: unknown; libVersion?: unknown };

function patch(): void {
  (Array.prototype as Patched).toJSON = function (this: unknown[]) {
    return `[${this.map(String).join(', ')}]`;
  };
  (Object.prototype as Patched).libVersion = '1.0';
}

function unpatch(): void {
  delete (Array.prototype as Patched).toJSON;
  delete (Object.prototype as Patched).libVersion;
}

const message = {
  id: 'm-1',
  text: 'Line "one"\nline two \u2028 ✓',
  attachments: [{ fileId: 'f1' }, { fileId: 'f2' }],
  page: { url: 'https://shop.test/a?b=1', title: undefined },
  nested: [[1, 2.5, -0, null], [true, false], []],
  skipped: undefined,
  fn: () => 1,
  odd: [undefined, () => 1, NaN, Infinity],
};

describe('toJson', () => {
  const clean = JSON.stringify(message);
  beforeEach(patch);
  afterEach(unpatch);

  it('writes what a clean page\'s JSON.stringify writes, where the page\'s own gives strings for lists', () => {
    expect(JSON.stringify([1])).toBe('"[1]"'); // the patch is in force
    expect(toJson(message)).toBe(clean);
    expect(JSON.parse(toJson(message)).attachments).toEqual([{ fileId: 'f1' }, { fileId: 'f2' }]);
  });

  it('leaves out what JSON leaves out', () => {
    expect(toJson(undefined)).toBeUndefined();
    expect(toJson({ a: undefined, b: () => 1 })).toBe('{}');
    expect(toJson('plain')).toBe('"plain"');
  });

  it('keeps a stored outbox a list in local storage and in memory', () => {
    for (const store of [createStore(window, 'local'), createMemoryStore()]) {
      store.set('outbox', [{ id: 'a', text: 'hi', files: [{ fileId: 'f' }] }]);
      expect(store.get('outbox')).toEqual([{ id: 'a', text: 'hi', files: [{ fileId: 'f' }] }]);
      store.remove('outbox');
    }
  });
});
