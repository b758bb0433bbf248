/** The demo's live summary: one block every few seconds from the coordinator and the chain. */
import type { Address } from "viem";
import type { ChainClients } from "@streamrp2p/client";

export interface SummaryOptions {
  coordinatorUrl: string;
  streamId: string;
  poolId: bigint;
  operators: Address[];
  clients: ChainClients;
  every: number;
  say: (line: string) => void;
  format: (amount: bigint) => string;
}

async function getJson<T>(url: string): Promise<T | undefined> {
  try {
    const res = await fetch(url);
    return res.ok ? ((await res.json()) as T) : undefined;
  } catch {
    return undefined;
  }
}

interface RelayRow {
  address: string;
  /** The wallet that authorized this relay key (null when none). */
  operator: string | null;
  tier: number;
  viewers: number;
  bytesServed: number;
  live: boolean;
  staked: boolean;
}

async function summarize(o: SummaryOptions): Promise<string> {
  const [stream, relays, epoch, pool] = await Promise.all([
    getJson<{ live: boolean; lastSequence: number | null }>(
      `${o.coordinatorUrl}/v1/streams/${o.streamId}`,
    ),
    getJson<{ relays: RelayRow[] }>(`${o.coordinatorUrl}/v1/relays`),
    getJson<{ epoch: number; endsAt: number }>(`${o.coordinatorUrl}/v1/epochs/current`),
    o.clients.public
      .readContract({
        address: o.clients.deployment.contracts.RewardPools.address,
        abi: o.clients.deployment.contracts.RewardPools.abi,
        functionName: "pool",
        args: [o.poolId],
      })
      .then((p) => p as { balance: bigint })
      .catch(() => undefined),
  ]);
  const lines = [
    `--- ${new Date().toISOString().slice(11, 19)}  stream ${stream?.live ? "LIVE" : "offline"} seq ${stream?.lastSequence ?? "-"}` +
      `  epoch ${epoch?.epoch ?? "-"}${epoch ? ` (closes in ${Math.max(0, Math.round((epoch.endsAt - Date.now()) / 1000))} s)` : ""}` +
      `  pool #${o.poolId} balance ${pool ? `${o.format(pool.balance)} tUSD` : "-"}`,
  ];
  for (const operator of o.operators) {
    // Relays report under their hot key; the coordinator names the wallet that authorized it.
    const relay = relays?.relays.find((r) => r.operator?.toLowerCase() === operator.toLowerCase());
    const attested = await getJson<{
      attestations: { cumulativeAmount: string; cumulativeBytes: string }[];
    }>(`${o.coordinatorUrl}/v1/relays/${operator}/attestations`);
    const earned = (attested?.attestations ?? []).reduce(
      (s, a) => s + BigInt(a.cumulativeAmount),
      0n,
    );
    lines.push(
      `    relay ${operator.slice(0, 10)}… tier ${relay?.tier ?? "-"} ${relay?.live ? "online" : "offline"}` +
        ` staked ${relay?.staked ? "yes" : "no"} viewers ${relay?.viewers ?? 0}` +
        ` served ${((relay?.bytesServed ?? 0) / 1e6).toFixed(1)} MB  attested ${o.format(earned)} tUSD`,
    );
  }
  return lines.join("\n");
}

/** Starts printing; returns a function that stops it. */
export function runSummary(o: SummaryOptions): () => void {
  let running = true;
  const loop = async () => {
    while (running) {
      await new Promise((r) => setTimeout(r, o.every));
      if (running) o.say(await summarize(o));
    }
  };
  void loop();
  return () => {
    running = false;
  };
}
