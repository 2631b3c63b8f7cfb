import { type ComponentType, lazy, Suspense } from "react";
import { Spinner, type SpinnerProps } from "@fluentui/react-components";

/**
 * A component whose code loads the first time it renders (a separate chunk), showing a labelled
 * spinner in its own place meanwhile. `load` resolves to the component, so a module's named export
 * can be loaded without a default-export shim at each call site.
 */
export function onDemand<P extends object>(
  load: () => Promise<ComponentType<P>>,
  label = "Loading…",
  size?: SpinnerProps["size"],
): ComponentType<P> {
  const Lazy = lazy(async () => ({ default: await load() }));
  function OnDemand(props: P) {
    return (
      <Suspense fallback={<Spinner size={size} label={label} />}>
        <Lazy {...props} />
      </Suspense>
    );
  }
  return OnDemand;
}
