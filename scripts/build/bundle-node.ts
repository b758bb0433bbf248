/**
 * Bundles the node CLI (node/src/cli.ts and everything it imports: the private workspace
 * packages, pino, viem, zod) into one CommonJS file with esbuild. The same file is the npm
 * package's `bin` (node/dist/cli.cjs, written by `prepack`) and the script of the single
 * executable applications (scripts/build/build-node.ts): Node's SEA runs CommonJS only, and
 * Node refuses to strip TypeScript types under node_modules.
 *
 * The relay's serve worker (node/src/relay/serve-worker.ts) is bundled on its own first, and
 * its code goes into the CLI's bundle in place of node/src/relay/serve-worker-script.ts: the
 * workers run it with `new Worker(code, { eval: true })`, in the npm package and in the binary
 * alike, so they need neither a script file on disk nor node_modules.
 *
 *   node scripts/build/bundle-node.ts --outfile node/dist/cli.cjs
 */
import { statSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { build, type BuildOptions, type Plugin } from "esbuild";

export const REPO_ROOT = resolve(import.meta.dirname, "../..");
export const CLI_ENTRY = join(REPO_ROOT, "node/src/cli.ts");
const SERVE_WORKER_ENTRY = join(REPO_ROOT, "node/src/relay/serve-worker.ts");
const SERVE_WORKER_SCRIPT = join(REPO_ROOT, "node/src/relay/serve-worker-script.ts");

export interface BundleResult {
  outfile: string;
  bytes: number;
  /** The serve worker's code carried in the bundle. */
  serveWorkerBytes: number;
}

const COMMON: BuildOptions = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node22",
  legalComments: "none",
  logLevel: "warning",
  metafile: false,
};

/** The serve worker bundled on its own (CommonJS, every import inlined), as code. */
async function bundleServeWorker(): Promise<string> {
  const result = await build({ ...COMMON, entryPoints: [SERVE_WORKER_ENTRY], write: false });
  if (result.errors.length > 0) throw new Error(`esbuild failed: ${result.errors.length} errors`);
  return result.outputFiles[0]!.text;
}

/** Replaces serve-worker-script.ts with the worker's code, run with `eval`. */
function inlineServeWorker(code: string): Plugin {
  return {
    name: "inline-serve-worker",
    setup(build) {
      build.onLoad({ filter: /serve-worker-script\.ts$/ }, (args) =>
        args.path === SERVE_WORKER_SCRIPT
          ? {
              loader: "js",
              contents: `export const SERVE_WORKER_SCRIPT = { script: ${JSON.stringify(code)}, eval: true };\n`,
            }
          : undefined,
      );
    },
  };
}

/** Writes the bundle to `outfile` (its directory is created). */
export async function bundleNodeCli(outfile: string): Promise<BundleResult> {
  const serveWorker = await bundleServeWorker();
  const result = await build({
    ...COMMON,
    entryPoints: [CLI_ENTRY],
    outfile,
    // The entry's `#!/usr/bin/env node` line is kept, so the file runs as a command.
    plugins: [inlineServeWorker(serveWorker)],
  });
  if (result.errors.length > 0) throw new Error(`esbuild failed: ${result.errors.length} errors`);
  return {
    outfile,
    bytes: statSync(outfile).size,
    serveWorkerBytes: Buffer.byteLength(serveWorker),
  };
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
  const { bytes, serveWorkerBytes } = await bundleNodeCli(out);
  // stderr: `npm pack --json` (which runs this as prepack) keeps stdout for its JSON.
  process.stderr.write(
    `bundled ${CLI_ENTRY} -> ${out} (${(bytes / 1e6).toFixed(1)} MB, serve worker ${(serveWorkerBytes / 1e3).toFixed(0)} kB)\n`,
  );
}
