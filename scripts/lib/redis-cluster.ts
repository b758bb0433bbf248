/**
 * A private Redis Cluster for tests, benchmarks and the demo: N primaries with R replicas each,
 * every node a Debian `redis-server` on free loopback ports with its own temporary directory,
 * joined by `redis-cli --cluster create` and ready once every node reports `cluster_state:ok`
 * with all 16384 slots served. Node timeouts are short (1 s) so failover takes seconds.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Redis } from "ioredis";
import { pingRedis } from "./redis-server.ts";
import { freePort, spawnService, waitUntil, type Service, type SpawnOptions } from "./service.ts";

const exec = promisify(execFile);
const HOST = "127.0.0.1";
const SLOTS = 16_384;

export interface RedisClusterOptions {
  /** Primaries (each owns a share of the slots). Default 3. */
  primaries?: number;
  /** Replicas of every primary. Default 1. */
  replicasPerPrimary?: number;
  /** Where the nodes' output goes (a file is shared by every node). Default "ignore". */
  log?: SpawnOptions["log"];
  /** How long each start-up step may take. Default 30 s. */
  stepTimeoutMs?: number;
}

export interface RedisClusterNode {
  readonly port: number;
  /** redis://127.0.0.1:port */
  readonly url: string;
}

export interface RedisCluster {
  /** Every node, primaries and replicas. */
  readonly nodes: RedisClusterNode[];
  /** Start-up nodes for ioredis's `new Cluster(seeds)`. */
  readonly seeds: { host: string; port: number }[];
  /** Port of the primary serving `key`'s slot now, as a live node sees it. */
  primaryFor(key: string): Promise<number>;
  /** SIGKILLs one node (no shutdown, no save). */
  killNode(port: number): Promise<void>;
  /**
   * Starts a killed node again on its port and directory (its nodes.conf): it rejoins the
   * cluster and, having lost its slots to a replica, turns into that new primary's replica.
   * Resolves once every primary has a replica whose link is up (so WAIT 1 can succeed again).
   */
  restartNode(port: number, timeoutMs?: number): Promise<void>;
  /** Resolves once a former replica of `oldPrimaryPort` serves its slots and the cluster is ok. */
  waitForFailover(oldPrimaryPort: number, timeoutMs?: number): Promise<void>;
  /** Stops every node and removes their directories. */
  stop(): Promise<void>;
}

/** Which start-up or failover step failed. */
export type RedisClusterStep =
  "binary" | "node-start" | "cluster-create" | "cluster-ready" | "failover" | "query";

export class RedisClusterError extends Error {
  readonly step: RedisClusterStep;
  constructor(step: RedisClusterStep, message: string, options?: ErrorOptions) {
    super(`redis cluster, ${step}: ${message}`, options);
    this.name = "RedisClusterError";
    this.step = step;
  }
}

interface NodeProcess {
  port: number;
  busPort: number;
  dir: string;
  service: Service;
  killed: boolean;
  /** The redis-server arguments it was started with (a restart reuses them). */
  args: string[];
}

/** Sends one command to one node on a short-lived connection. */
async function command(port: number, ...args: (string | number)[]): Promise<unknown> {
  const client = new Redis({
    host: HOST,
    port,
    lazyConnect: true,
    connectTimeout: 1_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  client.on("error", () => undefined); // the failure surfaces from connect() or the call
  try {
    await client.connect();
    const [name, ...rest] = args;
    return await client.call(String(name), ...rest);
  } finally {
    client.disconnect();
  }
}

/** `CLUSTER INFO` as a map. */
async function clusterInfo(port: number): Promise<Map<string, string>> {
  const text = String(await command(port, "CLUSTER", "INFO"));
  const info = new Map<string, string>();
  for (const line of text.split("\r\n")) {
    const [key, value] = line.split(":");
    if (key && value !== undefined) info.set(key, value);
  }
  return info;
}

async function healthy(port: number): Promise<boolean> {
  const info = await clusterInfo(port);
  return info.get("cluster_state") === "ok" && info.get("cluster_slots_ok") === String(SLOTS);
}

/** True once the node is a replica in sync with its primary, or a primary with `replicas` online. */
async function replicationReady(port: number, replicas: number): Promise<boolean> {
  const info = String(await command(port, "INFO", "replication"));
  if (/^role:slave/m.test(info)) return /^master_link_status:up/m.test(info);
  return (info.match(/^slave\d+:.*state=online/gm) ?? []).length >= replicas;
}

/** One `CLUSTER SLOTS` entry: start, end, the primary, then its replicas (host, port, id). */
type SlotRange = [
  start: number,
  end: number,
  primary: [host: string, port: number],
  ...replicas: [host: string, port: number][],
];

/** `CLUSTER SLOTS`: each range with its primary's port. */
async function slotOwners(port: number): Promise<{ start: number; end: number; port: number }[]> {
  const ranges = (await command(port, "CLUSTER", "SLOTS")) as SlotRange[];
  return ranges.map(([start, end, primary]) => ({ start, end, port: Number(primary[1]) }));
}

/** Ports of the replicas of the node on `primaryPort`, from `CLUSTER NODES` on `askPort`. */
async function replicasOf(askPort: number, primaryPort: number): Promise<number[]> {
  const lines = String(await command(askPort, "CLUSTER", "NODES"))
    .split("\n")
    .filter(Boolean)
    .map((line) => line.split(" "));
  const portOf = (address: string) => Number(address.split("@")[0]!.split(":").pop());
  const primary = lines.find((fields) => portOf(fields[1]!) === primaryPort);
  if (!primary) return [];
  return lines.filter((fields) => fields[3] === primary[0]).map((fields) => portOf(fields[1]!));
}

function tail(text: string, lines = 20): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

async function requireBinary(binary: string): Promise<void> {
  try {
    await exec(binary, ["--version"]);
  } catch (error) {
    throw new RedisClusterError(
      "binary",
      `${binary} not found or not runnable (Debian: apt-get install redis-server redis-tools)`,
      { cause: error },
    );
  }
}

/** Two distinct free ports per node: the client port and the cluster bus port. */
async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

export async function startRedisCluster(options: RedisClusterOptions = {}): Promise<RedisCluster> {
  const primaries = options.primaries ?? 3;
  const replicasPerPrimary = options.replicasPerPrimary ?? 1;
  const stepTimeoutMs = options.stepTimeoutMs ?? 30_000;
  if (primaries < 3) throw new RedisClusterError("node-start", "Redis Cluster needs 3 primaries");
  await requireBinary("redis-server");
  await requireBinary("redis-cli");

  const count = primaries * (1 + replicasPerPrimary);
  const ports = await freePorts(count * 2);
  const nodes: NodeProcess[] = [];
  const live = () => nodes.filter((node) => !node.killed);
  const logTails = (subset: NodeProcess[] = live()) =>
    subset.map((node) => `--- node ${node.port} ---\n${tail(node.service.output())}`).join("\n");

  const stop = async () => {
    await Promise.all(nodes.map((node) => node.service.stop()));
    await Promise.all(nodes.map((node) => rm(node.dir, { recursive: true, force: true })));
  };

  try {
    for (let i = 0; i < count; i++) {
      const port = ports[2 * i]!;
      const busPort = ports[2 * i + 1]!;
      const dir = await mkdtemp(path.join(tmpdir(), `streamrp2p-redis-cluster-${port}-`));
      const args = [
        "--port",
        String(port),
        "--cluster-port",
        String(busPort),
        "--bind",
        HOST,
        "--protected-mode",
        "yes",
        "--daemonize",
        "no",
        "--cluster-enabled",
        "yes",
        "--cluster-config-file",
        "nodes.conf",
        "--cluster-node-timeout",
        "1000",
        "--cluster-replica-validity-factor",
        "0",
        "--appendonly",
        "yes",
        "--dir",
        dir,
        "--save",
        "",
      ];
      const service = spawnService(`redis-cluster:${port}`, "redis-server", args, {
        log: options.log ?? "ignore",
      });
      nodes.push({ port, busPort, dir, service, killed: false, args });
    }
    for (const node of nodes) {
      try {
        await waitUntil(`redis-server on port ${node.port}`, () => pingRedis(node.port), {
          timeoutMs: stepTimeoutMs,
          intervalMs: 50,
          service: node.service,
        });
      } catch (error) {
        throw new RedisClusterError(
          "node-start",
          `node ${node.port} did not answer PING\n${tail(node.service.output())}`,
          { cause: error },
        );
      }
    }

    try {
      await exec(
        "redis-cli",
        [
          "--cluster",
          "create",
          ...nodes.map((node) => `${HOST}:${node.port}`),
          "--cluster-replicas",
          String(replicasPerPrimary),
          "--cluster-yes",
        ],
        { timeout: stepTimeoutMs },
      );
    } catch (error) {
      const output = error as { stdout?: string; stderr?: string };
      throw new RedisClusterError(
        "cluster-create",
        `redis-cli --cluster create failed\n${tail(`${output.stdout ?? ""}${output.stderr ?? ""}`)}\n${logTails()}`,
        { cause: error },
      );
    }

    try {
      await waitUntil(
        "cluster_state:ok on every node and every replica in sync",
        async () =>
          (
            await Promise.all(
              nodes.map(
                async (node) =>
                  (await healthy(node.port)) &&
                  (await replicationReady(node.port, replicasPerPrimary)),
              ),
            )
          ).every(Boolean),
        { timeoutMs: stepTimeoutMs, intervalMs: 100 },
      );
    } catch (error) {
      throw new RedisClusterError(
        "cluster-ready",
        `not every node reached cluster_state:ok with ${SLOTS} slots\n${logTails()}`,
        { cause: error },
      );
    }
  } catch (error) {
    await stop();
    throw error;
  }

  const formerReplicas = new Map<number, number[]>();

  /** Runs `query` on the first live node that answers. */
  const ask = async <T>(
    what: string,
    query: (port: number) => Promise<T>,
    candidates = live(),
  ): Promise<T> => {
    const errors: unknown[] = [];
    for (const node of candidates) {
      try {
        return await query(node.port);
      } catch (error) {
        errors.push(error);
      }
    }
    throw new RedisClusterError("query", `no live node answered ${what}`, {
      cause: new AggregateError(errors),
    });
  };

  return {
    nodes: nodes.map((node) => ({ port: node.port, url: `redis://${HOST}:${node.port}` })),
    seeds: nodes.map((node) => ({ host: HOST, port: node.port })),
    primaryFor: (key) =>
      ask(`the primary for ${key}`, async (port) => {
        const slot = Number(await command(port, "CLUSTER", "KEYSLOT", key));
        const owner = (await slotOwners(port)).find((r) => r.start <= slot && slot <= r.end);
        if (!owner) throw new Error(`slot ${slot} has no primary`);
        return owner.port;
      }),
    async killNode(port) {
      const node = nodes.find((candidate) => candidate.port === port);
      if (!node) throw new RedisClusterError("query", `no node on port ${port}`);
      if (node.killed) return;
      const replicas = await ask(
        `the replicas of ${port}`,
        (askPort) => replicasOf(askPort, port),
        live().filter((other) => other !== node),
      );
      formerReplicas.set(port, replicas);
      node.killed = true;
      await node.service.stop("SIGKILL");
    },
    async restartNode(port, timeoutMs = stepTimeoutMs) {
      const node = nodes.find((candidate) => candidate.port === port);
      if (!node) throw new RedisClusterError("query", `no node on port ${port}`);
      if (!node.killed) return;
      node.service = spawnService(`redis-cluster:${port}`, "redis-server", node.args, {
        log: options.log ?? "ignore",
      });
      node.killed = false;
      const replicated = async () => {
        for (const other of live()) {
          const text = String(await command(other.port, "INFO", "replication"));
          const role = /^role:(\w+)/m.exec(text)?.[1];
          if (role === "master" && !/^slave0:.*state=online/m.test(text)) return false;
          if (role === "slave" && !/^master_link_status:up/m.test(text)) return false;
        }
        return healthy(port);
      };
      try {
        await waitUntil(`node ${port} to rejoin as a replica`, replicated, {
          timeoutMs,
          intervalMs: 100,
        });
      } catch (error) {
        throw new RedisClusterError(
          "failover",
          `node ${port} did not rejoin with every primary replicated\n${logTails()}`,
          { cause: error },
        );
      }
    },
    async waitForFailover(oldPrimaryPort, timeoutMs = stepTimeoutMs) {
      const replicas = formerReplicas.get(oldPrimaryPort);
      if (!replicas?.length) {
        throw new RedisClusterError(
          "failover",
          `port ${oldPrimaryPort} was not a killed primary with replicas`,
        );
      }
      const promoted = async (port: number) => {
        const owners = await slotOwners(port);
        return (
          owners.every((range) => range.port !== oldPrimaryPort) &&
          owners.some((range) => replicas.includes(range.port))
        );
      };
      try {
        await waitUntil(
          `a replica of ${oldPrimaryPort} to take over`,
          async () =>
            (
              await Promise.all(
                live().map(async (node) => (await healthy(node.port)) && promoted(node.port)),
              )
            ).every(Boolean),
          { timeoutMs, intervalMs: 100 },
        );
      } catch (error) {
        throw new RedisClusterError(
          "failover",
          `no replica of ${oldPrimaryPort} (${replicas.join(", ")}) took over with cluster_state:ok\n${logTails()}`,
          { cause: error },
        );
      }
    },
    stop,
  };
}
