import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useMemo, useState, type ReactNode } from "react";
import { WagmiProvider, type Config } from "wagmi";
import { hashFn } from "wagmi/query";
import { Toaster } from "./components/Toaster.tsx";
import { AppContext, type AppContextValue } from "./config/AppContext.ts";

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // bigint-safe keys (wagmi's hash), and no retry storm when the coordinator is down
      queries: { queryKeyHashFn: hashFn, retry: 1, staleTime: 2_000 },
    },
  });
}

export interface AppProvidersProps {
  readonly wagmiConfig: Config;
  readonly value: AppContextValue;
  readonly queryClient?: QueryClient;
  readonly children: ReactNode;
}

/** wagmi, TanStack Query, the app context and the toasts: everything a page needs, passed in. */
export function AppProviders({ wagmiConfig, value, queryClient, children }: AppProvidersProps) {
  const [fallbackClient] = useState(createQueryClient);
  const context = useMemo(() => value, [value]);
  return (
    <WagmiProvider config={wagmiConfig}>
      <QueryClientProvider client={queryClient ?? fallbackClient}>
        <AppContext.Provider value={context}>
          <Toaster>{children}</Toaster>
        </AppContext.Provider>
      </QueryClientProvider>
    </WagmiProvider>
  );
}
