/**
 * The composition root of the origin and relay modes: builds the real clock, coordinator client,
 * fetch and chain client that startOrigin/startRelay take as dependencies.
 */
import { readFileSync } from "node:fs";
import { createSecureContext } from "node:tls";
import type { Logger } from "pino";
import { createPublicClient, http, type LocalAccount } from "viem";
import { getDeployment } from "@streamrp2p/deployments";
import { chainFor } from "@streamrp2p/client";
import { ConfigError, type OriginConfig, type RelayConfig } from "./config.ts";
import { CoordinatorClient } from "./coordinator-client.ts";
import type { TlsFiles } from "./hls/create-node-server.ts";
import type { OriginDeps } from "./origin/start-origin.ts";
import { originSignerReader } from "./relay/origin-signer-check.ts";
import type { RelayDeps } from "./relay/start-relay.ts";

export function originDependencies(
  config: OriginConfig,
  account: LocalAccount,
  logger: Logger,
): OriginDeps {
  const fetchImpl = globalThis.fetch.bind(globalThis);
  return {
    config,
    account,
    logger,
    now: Date.now,
    coordinator: new CoordinatorClient({ baseUrl: config.coordinatorUrl, fetch: fetchImpl }),
    ...readTls(config),
  };
}

export function relayDependencies(
  config: RelayConfig,
  account: LocalAccount,
  logger: Logger,
): RelayDeps {
  const fetchImpl = globalThis.fetch.bind(globalThis);
  return {
    config,
    account,
    logger,
    now: Date.now,
    fetch: fetchImpl,
    coordinator: new CoordinatorClient({ baseUrl: config.coordinatorUrl, fetch: fetchImpl }),
    originSigners: config.insecureSkipOriginCheck ? "insecure-skip" : chainOriginSigners(config),
    ...readTls(config),
  };
}

/**
 * The --tls-cert/--tls-key files, read once at start. One without the other, an unreadable
 * file, or a key that is not the certificate's is a ConfigError (exit 2, no restart loop).
 */
function readTls(config: OriginConfig | RelayConfig): { tls?: TlsFiles } {
  if (config.tlsCert === undefined && config.tlsKey === undefined) return {};
  if (config.tlsCert === undefined || config.tlsKey === undefined) {
    throw new ConfigError("--tls-cert and --tls-key go together");
  }
  const read = (flag: string, file: string) => {
    try {
      return readFileSync(file);
    } catch (error) {
      throw new ConfigError(`${flag} ${file}: ${(error as Error).message}`);
    }
  };
  const tls = { cert: read("--tls-cert", config.tlsCert), key: read("--tls-key", config.tlsKey) };
  try {
    createSecureContext(tls);
  } catch (error) {
    throw new ConfigError(
      `--tls-cert ${config.tlsCert} with --tls-key ${config.tlsKey}: ${(error as Error).message}`,
    );
  }
  return { tls };
}

function chainOriginSigners(config: RelayConfig): RelayDeps["originSigners"] {
  if (config.rpcUrl === undefined)
    throw new ConfigError("--rpc-url is required to check each stream's on-chain origin signer");
  const staking = getDeployment(config.chainId).contracts.RelayStaking;
  if (staking.address.toLowerCase() !== config.stakingAddress.toLowerCase())
    throw new ConfigError(
      `--staking-address ${config.stakingAddress} is not the RelayStaking of chain ${config.chainId} (${staking.address})`,
    );
  const client = createPublicClient({
    chain: chainFor(config.chainId, config.rpcUrl),
    transport: http(config.rpcUrl),
  });
  return originSignerReader(client, staking);
}
