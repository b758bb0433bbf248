/** A local OP-type chain: `hardhat node --chain-type op` on a loopback port. */
import path from "node:path";
import { spawnService, waitUntil, type Service, type SpawnOptions } from "./service.ts";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
const HARDHAT_BIN = path.join(REPO_ROOT, "node_modules/.bin/hardhat");

export interface LocalChain {
  rpcUrl: string;
  chainId: number;
  service: Service;
  stop(): Promise<void>;
}

export async function rpc<T>(rpcUrl: string, method: string, params: unknown[] = []): Promise<T> {
  const res = await fetch(rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await res.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

export async function startChain({
  port,
  log,
}: {
  port: number;
  log?: SpawnOptions["log"];
}): Promise<LocalChain> {
  const service = spawnService(
    "chain",
    HARDHAT_BIN,
    ["node", "--port", String(port), "--hostname", "127.0.0.1", "--chain-type", "op"],
    { cwd: REPO_ROOT, log: log ?? "ignore" },
  );
  const rpcUrl = `http://127.0.0.1:${port}`;
  let chainId = 0;
  await waitUntil(
    `chain on ${rpcUrl}`,
    async () => {
      chainId = Number.parseInt(await rpc<string>(rpcUrl, "eth_chainId"), 16);
      return true;
    },
    { timeoutMs: 60_000, service },
  );
  return { rpcUrl, chainId, service, stop: () => service.stop() };
}
