import { Component, type ErrorInfo, Fragment, type ReactNode } from 'react';
import { exportPipeline } from '../engine/actions';
import { resetToSample } from '../store/persistence';
import { useStore } from '../store/store';
import { DEFAULT_TEMPLATE } from '../templates/templates';
import './notices.css';

interface State {
  error?: Error;
  /** Bumped by Reset so the app mounts afresh. */
  generation: number;
}

/**
 * A render error anywhere in the app would otherwise leave a blank page. The pipeline lives
 * in the store, outside React, so it is still there to export, or to set aside by Reset.
 */
export class AppErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { generation: 0 };

  static getDerivedStateFromError(error: Error): Partial<State> {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('The app failed to draw', error, info.componentStack);
  }

  private reset = () => {
    resetToSample(
      DEFAULT_TEMPLATE.graph,
      `The page failed to draw: ${this.state.error?.message ?? 'unknown error'}`,
    );
    this.setState((s) => ({ error: undefined, generation: s.generation + 1 }));
  };

  override render() {
    const { error, generation } = this.state;
    if (!error) return <Fragment key={generation}>{this.props.children}</Fragment>;
    const { name, nodes } = useStore.getState();
    return (
      <div className="crash" role="alert" data-testid="app-error">
        <h1>Something went wrong, and the page could not be drawn</h1>
        <p className="crash-message mono">{error.message}</p>
        <p>
          Your pipeline “{name}” ({nodes.length} {nodes.length === 1 ? 'node' : 'nodes'}) is still loaded.
          Export it to keep a copy as a file, or reset to the sample pipeline: the one loaded now is set
          aside, and you can download it afterwards.
        </p>
        <div className="crash-actions">
          <button type="button" className="btn btn-primary" onClick={exportPipeline}>
            Export what is loaded
          </button>
          <button type="button" className="btn btn-small" onClick={this.reset}>
            Reset
          </button>
        </div>
      </div>
    );
  }
}
