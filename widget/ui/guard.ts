// Keeps exceptions from the widget's DOM event handlers inside the widget: Preact's error
// boundaries do not cover handlers, so every on* prop is wrapped in a try/catch.
import { options, type VNode } from 'preact';

export function installEventGuard(onError: (error: unknown) => void): void {
  const previous = options.vnode;
  options.vnode = (vnode: VNode) => {
    if (typeof vnode.type === 'string' && vnode.props) {
      const props = vnode.props as Record<string, unknown>;
      // Own keys only: a page may have added enumerable properties to Object.prototype.
      for (const key of Object.keys(props)) {
        const handler = props[key];
        if (key[0] === 'o' && key[1] === 'n' && typeof handler === 'function') {
          props[key] = function (this: unknown, ...args: unknown[]) {
            try {
              return (handler as (...a: unknown[]) => unknown).apply(this, args);
            } catch (error) {
              onError(error);
            }
          };
        }
      }
    }
    previous?.(vnode);
  };
}
