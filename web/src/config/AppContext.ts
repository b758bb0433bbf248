import { createContext } from "react";
import type { AppConfig } from "./appConfig.ts";
import type { Deployment } from "./deployment.ts";
import { type CoordinatorClient } from "@streamrp2p/client";

/** What every part of the app reads besides wagmi: settings, the coordinator, the contracts. */
export interface AppContextValue {
  readonly app: AppConfig;
  readonly coordinator: CoordinatorClient;
  /** Undefined when nothing is deployed on the configured chain. */
  readonly deployment: Deployment | undefined;
  /** fetch for things other than the coordinator (relay probes, segments). */
  readonly fetch: typeof globalThis.fetch;
}

export const AppContext = createContext<AppContextValue | undefined>(undefined);
