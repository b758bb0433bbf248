#!/usr/bin/env node
/**
 * The coordinator process: reads the config from the environment, connects to Redis, wires
 * the stake reader, and serves the app until SIGINT/SIGTERM. `--help` prints the variables.
 */
import { Redis } from "ioredis";
import { pino } from "pino";
import { collectDefaultMetrics, Registry } from "prom-client";
import { createApp } from "./app.ts";
import { ConfigError, configHelp, loadConfig, redactedConfig } from "./config.ts";
import { listen } from "./listen.ts";
import { chainStakeReader, IS_ACTIVE_ABI } from "./stake/chain-stake-reader.ts";
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

  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2, enableAutoPipelining: true });
  redis.on("error", (error) => logger.warn({ err: error }, "redis connection error"));
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const stakeReader = config.chainRpcUrl
    ? chainStakeReader({
        rpcUrl: config.chainRpcUrl,
        stakingAddress: config.stakingAddress,
        abi: IS_ACTIVE_ABI,
      })
    : noStakeReader;
  if (!config.chainRpcUrl)
    logger.warn("no CHAIN_RPC_URL: every relay reads as unstaked (REQUIRE_STAKE=false)");

  const app = createApp({ config, redis, logger, stakeReader, registry });
  const server = await listen(app, config.port, config.host);
  logger.info({ url: server.url }, "listening");

  const stop = async (signal: string) => {
    logger.info({ signal }, "stopping");
    await server.close().catch((error: unknown) => logger.warn({ err: error }, "close failed"));
    await redis.quit().catch(() => redis.disconnect());
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
}

await main();
