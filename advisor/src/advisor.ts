/**
 * Builds everything a server needs from a validated config: Redis for the history, the
 * coordinator client, the chain reader (when CHAIN_RPC_URL is set), the provider model (when
 * configured), and the metrics registry.
 */
import { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Config } from "./config.ts";
import { createChainReader } from "./grounding/chain-reader.ts";
import { createCoordinatorClient } from "./grounding/coordinator-client.ts";
import { ConsultationStore } from "./history/consultation-store.ts";
import { createMetrics } from "./metrics.ts";
import { providerModel } from "./model/provider-model.ts";
import type { ServerDeps } from "./server.ts";

export interface Advisor {
  deps: ServerDeps;
  redis: Redis;
  close(): Promise<void>;
}

export function createAdvisor(config: Config, logger: Logger): Advisor {
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: false });
  redis.on("error", (error) => logger.warn({ err: error }, "redis connection error"));
  const store = new ConsultationStore(redis, config.redisPrefix);
  const chain = config.chainRpcUrl
    ? createChainReader({
        rpcUrl: config.chainRpcUrl,
        chainId: config.chainId,
        rewardPoolsAddress: config.rewardPoolsAddress,
        stakingAddress: config.stakingAddress,
      })
    : undefined;
  const deps: ServerDeps = {
    coordinator: createCoordinatorClient({ url: config.coordinatorUrl }),
    chain,
    store,
    historyDir: config.historyDir,
    maxTokens: config.maxTokens,
    modelTimeoutMs: config.modelTimeoutMs,
    providerModel:
      config.llmProvider && config.llmModel
        ? providerModel({
            provider: config.llmProvider,
            model: config.llmModel,
            apiKey: config.llmApiKey,
            baseUrl: config.llmBaseUrl,
            timeoutMs: config.modelTimeoutMs,
          })
        : undefined,
    metrics: createMetrics(store),
    logger,
  };
  return {
    deps,
    redis,
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
