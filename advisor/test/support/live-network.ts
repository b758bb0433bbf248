/**
 * A real coordinator (with its workers) over a real redis-server, started by the coordinator's
 * own pipeline harness, and a small live network built over its HTTP API: one stream with an
 * owner and a funded pool, one signed-in relay, three viewer sessions. Epoch 0 ends shortly
 * after start and is closed (so there are earnings, spend and an earnings leaderboard); epoch
 * 1 lasts an hour and holds fresh credited receipts and one forged (rejected) receipt.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import {
  seedPool,
  startPipeline,
  type Pipeline,
} from "../../../coordinator/test/support/pipeline.ts";
import {
  buildWorld,
  drained,
  http,
  postReceipts,
  receiptsAt,
  type World,
} from "../../../coordinator/test/support/world.ts";

export const SESSIONS = 3;
export const POOL_BALANCE = 10n ** 15n;
export const EPOCH_BUDGET = 10n ** 9n;

export interface LiveNetwork {
  pipeline: Pipeline;
  world: World;
  relay: `0x${string}`;
  /** Credited in epoch 0 and paid at its close (rate: 1 base unit per byte). */
  paidBytes: number;
  /** Credited in the current epoch (1). */
  verifiedThisEpoch: number;
  /** The forged receipt's bytes, rejected in the current epoch. */
  rejectedThisEpoch: number;
  historyDir: string;
  close(): Promise<void>;
}

async function until<T>(what: string, read: () => Promise<T | undefined>, ms = 90_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export async function startLiveNetwork(): Promise<LiveNetwork> {
  const epochMs = 3_600_000;
  const firstEpochMs = 30_000;
  const pipeline = await startPipeline({
    overrides: {
      epochSeconds: epochMs / 1000,
      epochGenesisMs: Date.now() + firstEpochMs - epochMs,
      epochCloseDelayMs: 100,
      relayLiveSeconds: 3600,
      streamLiveSeconds: 3600,
    },
    attestors: [privateKeyToAccount(generatePrivateKey())],
  });
  const historyDir = await mkdtemp(path.join(tmpdir(), "advisor-history-"));
  try {
    const world = await buildWorld(pipeline.url, { sessions: SESSIONS });
    const relay = world.relay.address.toLowerCase() as `0x${string}`;
    await seedPool(
      pipeline.pools,
      world.streamId,
      world.owner.address.toLowerCase() as `0x${string}`,
      1n,
      {
        balance: POOL_BALANCE,
        epochBudget: EPOCH_BUDGET,
      },
    );
    const seg = world.segmentBytes;
    await postReceipts(world, await receiptsAt(world, 2));
    await drained(pipeline.url);
    const epoch0 = await http(pipeline.url, "GET", `/v1/relays/${relay}/report?epoch=0`);
    if (epoch0.body.verifiedBytes !== SESSIONS * 2 * seg)
      throw new Error(
        `the first receipts missed epoch 0 (the machine is too slow): ${JSON.stringify(epoch0.body)}`,
      );
    await until("epoch 0 to close and pay", async () => {
      const e = await http(pipeline.url, "GET", `/v1/relays/${relay}/earnings`);
      return e.body.earnings.length > 0 ? e.body : undefined;
    });
    const fresh = await receiptsAt(world, 5, Date.now() + 1);
    await postReceipts(world, fresh);
    const [later] = await receiptsAt(world, 6, Date.now() + 2);
    await postReceipts(world, [{ ...later!, signature: fresh[1]!.signature }]);
    await drained(pipeline.url);
    return {
      pipeline,
      world,
      relay,
      paidBytes: SESSIONS * 2 * seg,
      verifiedThisEpoch: SESSIONS * 3 * seg,
      rejectedThisEpoch: seg,
      historyDir,
      async close() {
        await pipeline.close();
        await rm(historyDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await pipeline.close();
    await rm(historyDir, { recursive: true, force: true });
    throw error;
  }
}
