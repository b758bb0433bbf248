/** The coordinator as a library: build the app, read the config, wire stake status. */
export { createApp, API_VERSION } from "./app.ts";
export { createServices, type Services, type ServiceDeps } from "./services.ts";
export { createWorkers, type Workers, type WorkerOptions } from "./workers.ts";
export {
  coordinatorChain,
  type CoordinatorChain,
  type ContractRef,
  type RewardPoolsAbi,
  type RelayStakingAbi,
} from "./chain/contracts.ts";
export {
  loadConfig,
  defineConfig,
  redactedConfig,
  configHelp,
  ConfigError,
  epochScheduleOf,
  VARIABLES,
  type Config,
} from "./config.ts";
export { ERROR_CODES, ApiError, type ErrorCode } from "./errors.ts";
export { listen, type Listening } from "./listen.ts";
export { rankRelays, isLive, type RelayCandidate, type RankOptions } from "./core/relay-order.ts";
export { capAllows, viewerKey, retryAfterSeconds } from "./core/session-cap.ts";
export {
  findManifestProblems,
  recoverManifestSigner,
  type ManifestProblem,
} from "./core/manifest-validation.ts";
export type { StakeReader } from "./stake/stake-reader.ts";
export { noStakeReader, relayStanding, type OperatorOfReader } from "./stake/stake-reader.ts";
export {
  chainStakeReader,
  chainOperatorOf,
  type ChainStakeReaderOptions,
} from "./stake/chain-stake-reader.ts";
export { cachedStakeReader } from "./stake/cached-stake-reader.ts";
export { redisKeys, type Keys } from "./store/keys.ts";
export { StreamStore, type StreamRecord, type StoredManifestEntry } from "./store/stream-store.ts";
export { RelayStore, type RelayRecord, type FetchRecord } from "./store/relay-store.ts";
export { SessionStore, type StoredSession } from "./store/session-store.ts";
export { AuthStore } from "./store/auth-store.ts";
