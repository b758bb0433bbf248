import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.tsx";
import { AppProviders } from "./AppProviders.tsx";
import { parseAppConfig } from "./config/appConfig.ts";
import { createWagmiConfig } from "./config/createWagmiConfig.ts";
import { findDeployment } from "./config/findDeployment.ts";
import { registerServiceWorker } from "./sw/registerServiceWorker.ts";
import "./styles.css";
import { createCoordinatorClient } from "@streamrp2p/client";

const app = parseAppConfig(import.meta.env);
// Injected wallets (EIP-6963), plus Base Account, MetaMask and WalletConnect loaded on demand.
const wagmiConfig = createWagmiConfig(app);
const value = {
  app,
  coordinator: createCoordinatorClient({ baseUrl: app.coordinatorUrl }),
  deployment: findDeployment(app.chainId),
  fetch: globalThis.fetch.bind(globalThis),
};

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
createRoot(root).render(
  <StrictMode>
    <AppProviders wagmiConfig={wagmiConfig} value={value}>
      <App />
    </AppProviders>
  </StrictMode>,
);

// The installable app's service worker (shell only; never the stream or API answers).
if (import.meta.env.PROD) void registerServiceWorker(navigator.serviceWorker);
