import { createContext, useContext } from "react";
import type { GraphClient } from "./types";

const GraphClientContext = createContext<GraphClient | null>(null);

export const GraphClientProvider = GraphClientContext.Provider;

/** The signed-in Graph client; features call Graph only through this. */
export function useGraphClient(): GraphClient {
  const client = useContext(GraphClientContext);
  if (!client) throw new Error("useGraphClient must be used inside GraphClientProvider.");
  return client;
}
