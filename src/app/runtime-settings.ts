import { createContext, useContext } from "react";
import { DEFAULT_IDLE_CLEAR_MINUTES } from "../config/runtime-config";

/** Deployment choices from config.json that screens deep in the flow need, without prop drilling. */
export interface RuntimeSettings {
  idleClearMs: number;
  /** Every run must name a ticket / reference before Issue (config.json `requireTicket`). */
  requireTicket: boolean;
  /** Results may e-mail managers their people's passes (config.json `allowEmailToManagers`). */
  allowEmailToManagers: boolean;
}

export const RuntimeSettingsContext = createContext<RuntimeSettings>({
  idleClearMs: DEFAULT_IDLE_CLEAR_MINUTES * 60_000,
  requireTicket: false,
  allowEmailToManagers: false,
});

export function useRuntimeSettings(): RuntimeSettings {
  return useContext(RuntimeSettingsContext);
}
