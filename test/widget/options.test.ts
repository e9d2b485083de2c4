import { describe, expect, it } from 'vitest';
import { appOptions, readOptions } from '../../widget/loader/options';

function script(src: string, data: Record<string, string> = {}): HTMLScriptElement {
  const el = document.createElement('script');
  el.src = src;
  Object.assign(el.dataset, data);
  return el;
}

describe('embed options', () => {
  it('takes the relay and its chunks from the script\'s origin for a relay at the root', () => {
    const options = readOptions(script('https://chat.example/widget.js'), 'https://shop.example/cart');
    expect(options.assetsUrl).toBe('https://chat.example/widget');
    expect(appOptions(options).relayUrl).toBe('https://chat.example');
  });

  it('keeps the mount path of a relay mounted in a site, for the chunks and the API alike', () => {
    const options = readOptions(script('https://shop.example/support/widget.js?v=3'), 'https://shop.example/cart');
    expect(options.assetsUrl).toBe('https://shop.example/support/widget');
    expect(appOptions(options).relayUrl).toBe('https://shop.example/support');
  });

  it('lets data-relay name another relay than the one serving the script', () => {
    const options = readOptions(script('https://cdn.example/kit/widget.js', { relay: 'https://chat.example/api/' }), 'https://shop.example/');
    expect(options.assetsUrl).toBe('https://cdn.example/kit/widget');
    expect(appOptions(options).relayUrl).toBe('https://chat.example/api');
  });
});
