/**
 * The live path from real processes, for the end-to-end tests and the live-path benchmarks:
 * node CLI origins and relays as child processes on free loopback ports, pointed at a
 * coordinator, with Hardhat's well-known development keys (never used outside local runs).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { privateKeyToAccount } from "viem/accounts";
import type { ViewerRelay } from "@streamrp2p/client";
import { freePort, spawnService, waitUntil, type Service, type SpawnOptions } from "./service.ts";

export const CHAIN_ID = 31337;
export const STAKING_ADDRESS = "0x5fbdb2315678afecb367f032d93f642f64180aa3" as const;
export const ORIGIN_KEY =
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d" as const;
export const OPERATOR_KEYS = [
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
  "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
  "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
  "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
] as const;

const CLI = join(import.meta.dirname, "../../node/src/cli.ts");

export interface NodeProcess {
  service: Service;
  url: string;
  /** The node as a viewer sees it (address of its key, its URL). */
  relay: ViewerRelay;
  /** How to reach it (with `tls`: a fetch that trusts its certificate). */
  fetch: typeof fetch;
}

export interface StartNodeOptions {
  coordinatorUrl: string;
  name: string;
  mode: "origin" | "relay";
  /** Mode flags after the common ones (--host, --http-port, --status-interval 0). */
  args: string[];
  key: `0x${string}`;
  logLevel?: string;
  log?: SpawnOptions["log"];
  /**
   * Relays only, and required for them: the chain whose RelayStaking names each stream's origin
   * signer, or "insecure-skip" (--insecure-skip-origin-check) for a chainless setup.
   */
  originCheck?: { rpcUrl: string } | "insecure-skip";
  /**
   * What runs the node (default: this Node with node/src/cli.ts), e.g. a built single-file
   * binary; `env` is added to (or, with undefined values, removed from) the child's environment.
   */
  command?: { file: string; args?: string[]; env?: NodeJS.ProcessEnv; cwd?: string };
  /**
   * Serve HTTPS (--tls-cert/--tls-key) at https://localhost:PORT; `fetch` must trust the
   * certificate (it checks readiness and is the NodeProcess's fetch).
   */
  tls?: { certFile: string; keyFile: string; fetch: typeof fetch };
}

/**
 * Starts `node node/src/cli.ts <mode>` (or `options.command`) and resolves once its /status answers. An origin gets a
 * fresh data directory, removed when it exits.
 */
export async function startNode(options: StartNodeOptions): Promise<NodeProcess> {
  const { name, mode, key } = options;
  const modeArgs: string[] = [];
  let dataDir: string | undefined;
  if (mode === "origin") {
    dataDir = await mkdtemp(join(tmpdir(), `streamrp2p-${name}-`));
    modeArgs.push("--data-dir", dataDir);
  } else if (options.originCheck === "insecure-skip") {
    modeArgs.push("--insecure-skip-origin-check");
  } else if (options.originCheck) {
    modeArgs.push("--rpc-url", options.originCheck.rpcUrl);
  } else {
    throw new Error(`relay ${name}: say how it checks origin signers (originCheck)`);
  }
  // The stack's relays serve loopback only: no UPnP search on the machine's network.
  if (mode === "relay") modeArgs.push("--no-upnp");
  if (options.tls)
    modeArgs.push("--tls-cert", options.tls.certFile, "--tls-key", options.tls.keyFile);
  const httpPort = await freePort();
  const url = options.tls ? `https://localhost:${httpPort}` : `http://127.0.0.1:${httpPort}`;
  const nodeFetch = options.tls?.fetch ?? fetch;
  const command = options.command ?? { file: process.execPath, args: [CLI] };
  const service = spawnService(
    name,
    command.file,
    [
      ...(command.args ?? []),
      mode,
      ...["--host", "127.0.0.1", "--http-port", String(httpPort), "--status-interval", "0"],
      ...modeArgs,
      ...options.args,
    ],
    {
      env: {
        COORDINATOR_URL: options.coordinatorUrl,
        CHAIN_ID: String(CHAIN_ID),
        STAKING_ADDRESS: STAKING_ADDRESS,
        LOG_LEVEL: options.logLevel ?? "info",
        [mode === "origin" ? "ORIGIN_PRIVATE_KEY" : "OPERATOR_PRIVATE_KEY"]: key,
        ...command.env,
      },
      ...(command.cwd ? { cwd: command.cwd } : {}),
      log: options.log ?? "ignore",
    },
  );
  if (dataDir) {
    const dir = dataDir;
    service.child.once("exit", () => void rm(dir, { recursive: true, force: true }));
  }
  await waitUntil(`${name} /status`, async () => (await nodeFetch(`${url}/status`)).ok, {
    service,
    timeoutMs: 20_000,
  });
  return {
    service,
    url,
    relay: { address: privateKeyToAccount(key).address, url, tier: 0 },
    fetch: nodeFetch,
  };
}

export interface NodeStatus {
  streams: { lastSequence: number | null; rejected: number }[];
}

export async function nodeStatus(node: NodeProcess): Promise<NodeStatus> {
  return (await (await node.fetch(`${node.url}/status`)).json()) as NodeStatus;
}

/** Waits until the node's first stream holds sequence `atLeast` or later. */
export async function waitForSegments(
  node: NodeProcess,
  atLeast: number,
  timeoutMs = 30_000,
): Promise<void> {
  await waitUntil(
    `segments on ${node.service.name}`,
    async () => ((await nodeStatus(node)).streams[0]?.lastSequence ?? -1) >= atLeast,
    { service: node.service, timeoutMs, intervalMs: 200 },
  );
}
