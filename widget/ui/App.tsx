// The widget's root: launcher and panel inside the error boundary, with the focus rules
// (composer on open, launcher after the visitor closes the panel).
import { useEffect, useRef } from 'preact/hooks';
import type { Widget } from '../state/widget';
import { WidgetContext } from './context';
import { ErrorBoundary } from './ErrorBoundary';
import { Launcher } from './Launcher';
import { Panel } from './Panel';

export function App({ widget, onError }: { widget: Widget; onError: (error: unknown) => void }) {
  const launcher = useRef<HTMLButtonElement>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const closing = useRef(false);
  const focusRequest = widget.focusRequest.value;
  const open = widget.isOpen.value;
  useEffect(() => {
    if (focusRequest && widget.isOpen.peek()) input.current?.focus();
  }, [focusRequest]);
  useEffect(() => {
    // After the render, so a launcher hidden behind a full-screen panel is back first.
    if (!open && closing.current) launcher.current?.focus();
    closing.current = false;
  }, [open]);
  const close = () => {
    closing.current = true;
    widget.close();
  };
  return (
    <ErrorBoundary onError={onError}>
      <WidgetContext.Provider value={widget}>
        <div class={`kc-root${open ? ' kc-root--open' : ''}`} lang={widget.locale.value}>
          <Panel inputRef={input} onClose={close} />
          <Launcher buttonRef={launcher} />
        </div>
      </WidgetContext.Provider>
    </ErrorBoundary>
  );
}
