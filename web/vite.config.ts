import { createHash } from "node:crypto";
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

/** Wallet SDKs that load only when the user picks their wallet (src/config/walletConnectors.ts). */
const LAZY_SDKS = /node_modules[\\/](@base-org|@walletconnect|@reown|@metamask|@coinbase)[\\/]/;
/** The app's own code that loads only on demand and uses viem's heavy parts: ENS look-ups. */
const LAZY_APP = /[\\/]web[\\/]src[\\/]lib[\\/]ens[\\/]/;
/** The libraries the app and those SDKs share: viem and what it is made of. */
const SHARED_LIBS = /node_modules[\\/](viem|ox|@noble|abitype)[\\/]/;
const SDK_COPY = "?lazy-sdk";

/**
 * Gives the lazily loaded wallet SDKs and ENS look-ups their own copy of viem (module ids
 * tagged `?lazy-sdk`). The app reaches every viem module through its barrel, so the bundler
 * would otherwise put each viem module they use (ccip, ENS, signatures, secp256k1, ...) into
 * a chunk shared with the entry, and the home page would load ~60 KB gzip of code it never
 * runs. With the copy, that code stays in the lazy chunks, which load only on a wallet pick
 * (or, for ENS, when VITE_ENS_RPC_URL is set and an address is shown). Build only: the dev
 * server pre-bundles dependencies, and tests never load the SDKs.
 */
function isolateLazySdks(): Plugin {
  return {
    name: "streamrp2p-isolate-lazy-sdks",
    apply: "build",
    enforce: "pre",
    async resolveId(source, importer, options) {
      if (!importer) return null;
      const tagged = importer.endsWith(SDK_COPY);
      const from = tagged ? importer.slice(0, -SDK_COPY.length) : importer;
      if (!tagged && !LAZY_SDKS.test(from) && !LAZY_APP.test(from)) return null;
      const resolved = await this.resolve(source, from, { ...options, skipSelf: true });
      if (!resolved || resolved.external || !SHARED_LIBS.test(resolved.id)) return resolved;
      return resolved.id.includes("?") ? resolved : { ...resolved, id: resolved.id + SDK_COPY };
    },
  };
}

/** Files in public/ the service worker precaches with the build's shell. */
const PUBLIC_SHELL = [
  "/manifest.webmanifest",
  "/icons/icon.svg",
  "/icons/icon-192.png",
  "/icons/icon-512.png",
];

/**
 * Builds src/sw/serviceWorker.ts to /sw.js and writes into it the app shell to precache (the
 * page, the entry chunk with its static imports, the CSS, the manifest and icons) and a
 * version derived from those hashed names, so every build replaces the previous cache.
 */
function serviceWorker(): Plugin {
  const source = fileURLToPath(new URL("./src/sw/serviceWorker.ts", import.meta.url));
  return {
    name: "streamrp2p-service-worker",
    apply: "build",
    buildStart() {
      this.emitFile({ type: "chunk", id: source, fileName: "sw.js" });
    },
    generateBundle: {
      order: "post",
      handler(_options, bundle) {
        const sw = bundle["sw.js"];
        if (sw?.type !== "chunk") throw new Error("sw.js was not built");
        const entry = Object.values(bundle).find(
          (file) => file.type === "chunk" && file.isEntry && file.fileName !== "sw.js",
        );
        if (entry?.type !== "chunk") throw new Error("no entry chunk");
        const css = Object.keys(bundle).filter((name) => name.endsWith(".css"));
        const shell = [
          "/",
          ...[entry.fileName, ...entry.imports, ...css].map((name) => `/${name}`),
          ...PUBLIC_SHELL,
        ];
        const version = createHash("sha256").update(shell.join("\n")).digest("hex").slice(0, 12);
        sw.code = sw.code
          .replaceAll("__PRECACHE__", JSON.stringify(shell))
          .replaceAll("__VERSION__", JSON.stringify(version));
      },
    },
  };
}

export default defineConfig({
  plugins: [isolateLazySdks(), deploymentsFallback(), react(), serviceWorker()],
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
