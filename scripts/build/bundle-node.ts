/**
 * Bundles the node CLI (node/src/cli.ts and everything it imports: the private workspace
 * packages, pino, viem, zod) into one CommonJS file with esbuild. The same file is the npm
 * package's `bin` (node/dist/cli.cjs, written by `prepack`) and the script of the single
 * executable applications (scripts/build/build-node.ts): Node's SEA runs CommonJS only, and
 * Node refuses to strip TypeScript types under node_modules.
 *
 *   node scripts/build/bundle-node.ts --outfile node/dist/cli.cjs
 */
import { statSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { build } from "esbuild";

export const REPO_ROOT = resolve(import.meta.dirname, "../..");
export const CLI_ENTRY = join(REPO_ROOT, "node/src/cli.ts");

export interface BundleResult {
  outfile: string;
  bytes: number;
}

/** Writes the bundle to `outfile` (its directory is created). */
export async function bundleNodeCli(outfile: string): Promise<BundleResult> {
  const result = await build({
    entryPoints: [CLI_ENTRY],
    outfile,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node22",
    // The entry's `#!/usr/bin/env node` line is kept, so the file runs as a command.
    legalComments: "none",
    logLevel: "warning",
    // The relay's serve-worker script is the module file from the source and the bundle itself
    // here (node/src/relay/serve-pool.ts): its `import.meta.url` is never read in the bundle.
    logOverride: { "empty-import-meta": "silent" },
    metafile: false,
  });
  if (result.errors.length > 0) throw new Error(`esbuild failed: ${result.errors.length} errors`);
  return { outfile, bytes: statSync(outfile).size };
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { outfile: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help || !values.outfile) {
    process.stdout.write(
      "usage: node scripts/build/bundle-node.ts --outfile FILE\n\nBundles node/src/cli.ts into one CommonJS file (esbuild).\n",
    );
    process.exit(values.help ? 0 : 2);
  }
  const out = resolve(values.outfile);
  const { bytes } = await bundleNodeCli(out);
  // stderr: `npm pack --json` (which runs this as prepack) keeps stdout for its JSON.
  process.stderr.write(`bundled ${CLI_ENTRY} -> ${out} (${(bytes / 1e6).toFixed(1)} MB)\n`);
}
