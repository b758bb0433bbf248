import { QueryClient } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactNode } from "react";
import type { Config } from "wagmi";
import { hashFn } from "wagmi/query";
import { AppProviders } from "../AppProviders.tsx";
import { parseAppConfig, type AppEnv } from "../config/appConfig.ts";
import type { Deployment } from "../config/deployment.ts";
import { fakeWagmiConfig } from "./fakeChain.ts";
import { createCoordinatorClient } from "@streamrp2p/client";

export interface RenderOptions {
  readonly fetch?: typeof globalThis.fetch;
  readonly deployment?: Deployment | undefined;
  readonly wagmiConfig?: Config;
  /** Extra VITE_* settings (e.g. VITE_ENS_RPC_URL). */
  readonly env?: AppEnv;
}

/** Renders `ui` inside the app's providers with a fake coordinator and chain. */
export function renderWithApp(ui: ReactNode, options: RenderOptions = {}) {
  const fetch = options.fetch ?? (async () => new Response("{}", { status: 404 }));
  const app = parseAppConfig({ VITE_COORDINATOR_URL: "http://coordinator.test", ...options.env });
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, queryKeyHashFn: hashFn } },
  });
  const value = {
    app,
    coordinator: createCoordinatorClient({ baseUrl: app.coordinatorUrl, fetch }),
    deployment: "deployment" in options ? options.deployment : undefined,
    fetch,
  };
  const wagmiConfig = options.wagmiConfig ?? fakeWagmiConfig();
  return {
    queryClient,
    wagmiConfig,
    ...render(
      <AppProviders wagmiConfig={wagmiConfig} value={value} queryClient={queryClient}>
        {ui}
      </AppProviders>,
    ),
  };
}
