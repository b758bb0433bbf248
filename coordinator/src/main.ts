#!/usr/bin/env node
/**
 * The coordinator process: reads the config from the environment, connects to Redis, wires
 * the stake reader, and serves the app until SIGINT/SIGTERM. `--help` prints the variables.
 */
import { pino } from "pino";
import { collectDefaultMetrics, Registry } from "prom-client";
import { createPublicClient, http } from "viem";
import { getDeployment } from "@streamrp2p/deployments";
import { rewardPoolsDomain } from "@streamrp2p/protocol";
import { createApp } from "./app.ts";
import { coordinatorChain, type CoordinatorChain } from "./chain/contracts.ts";
import { createAttestationSigner } from "./epochs/attestation-signer.ts";
import { AttestorKeyError, loadAttestors } from "./epochs/attestor-keys.ts";
import { createWorkers } from "./workers.ts";
import { ConfigError, configHelp, loadConfig, redactedConfig } from "./config.ts";
import { listen } from "./listen.ts";
import { createServices } from "./services.ts";
import { connectRedis } from "./store/redis-client.ts";
import { chainStakeReader } from "./stake/chain-stake-reader.ts";
import { noStakeReader } from "./stake/stake-reader.ts";

const USAGE = `usage: node coordinator/src/main.ts [--help]

Runs the StreamrP2P coordinator (HTTP API over Redis). Configuration comes from the
environment only; every variable is validated at start-up:

${configHelp()}

Routes are listed in coordinator/README.md and served as OpenAPI at GET /openapi.json.`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (args.length > 0) {
    process.stderr.write(`unknown arguments: ${args.join(" ")}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n\nRun with --help for the variables.\n`);
    process.exitCode = 2;
    return;
  }
  const logger = pino({ level: config.logLevel, base: { service: "coordinator" } });
  logger.info({ config: redactedConfig(config) }, "starting");

  const redis = connectRedis(config);
  redis.on("error", (error) => logger.warn({ err: error }, "redis connection error"));
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  let attestors;
  try {
    attestors = await loadAttestors(config);
  } catch (error) {
    if (!(error instanceof AttestorKeyError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 2;
    redis.disconnect();
    return;
  }
  const deployment = (() => {
    try {
      return getDeployment(config.chainId);
    } catch {
      return undefined;
    }
  })();
  if (config.chainRpcUrl && !deployment) {
    process.stderr.write(
      `CHAIN_ID ${config.chainId} has no deployment in @streamrp2p/deployments: its contracts' ABIs are unknown\n`,
    );
    process.exitCode = 2;
    redis.disconnect();
    return;
  }
  const client = config.chainRpcUrl
    ? createPublicClient({
        transport: http(config.chainRpcUrl, {
          timeout: 5_000,
          retryCount: 1,
          batch: { batchSize: 500 },
        }),
      })
    : undefined;
  const stakeReader =
    client && deployment
      ? chainStakeReader({
          client,
          staking: { address: config.stakingAddress, abi: deployment.contracts.RelayStaking.abi },
          ...(config.multicallAddress ? { multicallAddress: config.multicallAddress } : {}),
        })
      : noStakeReader;
  if (!config.chainRpcUrl)
    logger.warn("no CHAIN_RPC_URL: every relay reads as unstaked (REQUIRE_STAKE=false)");
  const rewardPoolsAddress = config.rewardPoolsAddress ?? deployment?.contracts.RewardPools.address;
  const signer =
    attestors.length > 0 && rewardPoolsAddress
      ? createAttestationSigner(attestors, rewardPoolsDomain(config.chainId, rewardPoolsAddress))
      : undefined;
  if (attestors.length > 0 && !rewardPoolsAddress)
    logger.warn("attestor keys given but no REWARD_POOLS_ADDRESS: attestations are not served");
  logger.info({ attestors: signer?.attestors ?? [] }, "attestors");

  let chain: CoordinatorChain | undefined;
  if (client && rewardPoolsAddress && deployment) {
    chain = coordinatorChain(client, deployment, {
      rewardPools: rewardPoolsAddress,
      staking: config.stakingAddress,
    });
  }

  const services = createServices({
    config,
    redis,
    logger,
    stakeReader,
    registry,
    ...(signer ? { signer } : {}),
    ...(chain ? { chain } : {}),
  });
  const app = createApp(services);
  const server = await listen(app, config.port, config.host);
  logger.info({ url: server.url }, "listening");
  const workers = config.workers ? createWorkers(services) : undefined;
  workers?.start();

  const stop = async (signal: string) => {
    logger.info({ signal }, "stopping");
    await server.close().catch((error: unknown) => logger.warn({ err: error }, "close failed"));
    await workers
      ?.stop()
      .catch((error: unknown) => logger.warn({ err: error }, "workers stop failed"));
    await redis.quit().catch(() => redis.disconnect());
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
}

await main();
