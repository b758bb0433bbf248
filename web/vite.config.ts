import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vitest/config";

const generatedDeployments = fileURLToPath(new URL("../deployments/index.ts", import.meta.url));
const noDeployments = fileURLToPath(new URL("./src/config/noDeployments.ts", import.meta.url));

/**
 * Resolves `@streamrp2p/deployments` to an empty module until the deploy script has generated
 * it, so the app builds (and says "not deployed") before the first `npm run deploy:local`.
 */
function deploymentsFallback(): Plugin {
  return {
    name: "streamrp2p-deployments-fallback",
    enforce: "pre",
    resolveId(id) {
      if (id !== "@streamrp2p/deployments" || existsSync(generatedDeployments)) return null;
      return noDeployments;
    },
  };
}

export default defineConfig({
  plugins: [deploymentsFallback(), react()],
  server: { host: "127.0.0.1", port: 5173 },
  preview: { host: "127.0.0.1", port: 4173 },
  build: { target: "es2022", sourcemap: true },
  test: {
    // Pure modules test in Node; component and hook tests (*.test.tsx) opt into jsdom with a
    // `@vitest-environment jsdom` docblock, so jsdom is only built where it is needed.
    environment: "node",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    restoreMocks: true,
    // the shared CI machine is slow; waitFor gives up after 8 s (src/test/setup.ts)
    testTimeout: 20_000,
  },
});
