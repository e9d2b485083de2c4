// The widget's root: launcher and panel inside the error boundary, with the focus rules
// (composer on open, launcher after the visitor closes the panel).
import { useEffect, useRef } from 'preact/hooks';
import type { Models } from '../widget';
import { ModelsContext } from './context';
import { ErrorBoundary } from './ErrorBoundary';
import { Launcher } from './Launcher';
import { Panel } from './Panel';
import { Slot } from './Slot';

export function App({ widget, onError }: { widget: Models; onError: (error: unknown) => void }) {
  const { panel, locale, options } = widget;
  const launcher = useRef<HTMLButtonElement>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const closing = useRef(false);
  const focusRequest = panel.focusRequest.value;
  const open = panel.isOpen.value;
  useEffect(() => {
    if (focusRequest && panel.isOpen.peek()) input.current?.focus();
  }, [focusRequest]);
  useEffect(() => {
    // After the render, so a launcher hidden behind a full-screen panel is back first.
    if (!open && closing.current) launcher.current?.focus();
    closing.current = false;
  }, [open]);
  const close = () => {
    closing.current = true;
    panel.close();
  };
  return (
    <ErrorBoundary onError={onError}>
      <ModelsContext.Provider value={widget}>
        <div class={`kc-root${open ? ' kc-root--open' : ''}`} lang={locale.locale.value}>
          <Panel inputRef={input} onClose={close} />
          <Launcher buttonRef={launcher} />
          <Slot name="launcher" text={options.greeting} open={panel.open} />
        </div>
      </ModelsContext.Provider>
    </ErrorBoundary>
  );
}
