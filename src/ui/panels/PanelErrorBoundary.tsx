/**
 * Keeps one panel's drawing failure from taking the page down: the panel says what failed, the
 * others (and training) go on. A new result (resetKey) tries again.
 */
import { Component, type ReactNode } from 'react';

interface Props {
  children: ReactNode;
  /** Changes when the panel has something new to draw: the boundary resets then. */
  resetKey: string;
}

interface State {
  error: Error | null;
  key: string;
}

export class PanelErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, key: this.props.resetKey };

  static getDerivedStateFromError(error: Error): Partial<State> {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }

  override render() {
    if (this.state.error) {
      return (
        <p className="panel-frame__error" role="alert">
          This panel could not draw: {this.state.error.message}
        </p>
      );
    }
    return this.props.children;
  }
}
