import { Component, type ReactNode } from 'react';

/**
 * Shows what broke a page (a chunk that failed to download after a new version was deployed, a bug) in its
 * place, keeping the navigation usable; React offers this only as a class.
 */
export class PageBoundary extends Component<
  { children: ReactNode; broken: (e: Error) => string },
  { error: Error | null }
> {
  state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  render() {
    if (!this.state.error) return this.props.children;
    return (
      <p role="alert" className="error">
        {this.props.broken(this.state.error)}
      </p>
    );
  }
}
