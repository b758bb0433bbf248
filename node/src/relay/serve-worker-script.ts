/**
 * What a relay serve worker runs (relay/serve-pool.ts starts it with `new Worker(script, {eval})`).
 * From the source: the module file relay/serve-worker.ts (Node strips its types). In the
 * CommonJS bundle (the npm package's dist/cli.cjs and the single-file binary's script),
 * scripts/build/bundle-node.ts replaces this module with one whose script is serve-worker.ts
 * bundled on its own, as code: no file on disk and no node_modules are needed to run it.
 */
export interface ServeWorkerScript {
  /** A module's URL, or (with `eval`) the worker's code. */
  script: string | URL;
  eval: boolean;
}

export const SERVE_WORKER_SCRIPT: ServeWorkerScript = {
  script: new URL("./serve-worker.ts", import.meta.url),
  eval: false,
};
