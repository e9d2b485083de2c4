// The root boundary: a rendering failure hides the widget and reports it; the host page
// never sees the exception.
import { Component, type ComponentChildren } from 'preact';

interface Props {
  onError: (error: unknown) => void;
  children: ComponentChildren;
}

export class ErrorBoundary extends Component<Props, { failed: boolean }> {
  override state = { failed: false };

  override componentDidCatch(error: unknown): void {
    this.setState({ failed: true });
    try {
      this.props.onError(error);
    } catch {
      /* a failing error listener must not loop */
    }
  }

  override render() {
    return this.state.failed ? null : this.props.children;
  }
}
