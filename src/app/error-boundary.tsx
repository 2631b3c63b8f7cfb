import { Component, type ErrorInfo, type ReactNode } from "react";
import { Button } from "@fluentui/react-components";
import { NoticePage } from "../components/notice-page";

interface State {
  error: Error | null;
}

/** Last line of defence: a readable message instead of a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(_error: Error, _info: ErrorInfo): void {
    // Deliberately not logged: component state may hold pass values.
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <NoticePage
        title="Something went wrong"
        intent="error"
        actions={
          <Button appearance="primary" onClick={() => window.location.reload()}>
            Reload TAP Desk
          </Button>
        }
      >
        TAP Desk hit an unexpected problem and stopped this screen: {this.state.error.message}. Reloading
        starts again; passes already shown on screen are not shown again, so export them first if you can.
      </NoticePage>
    );
  }
}
