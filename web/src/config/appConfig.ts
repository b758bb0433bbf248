/**
 * The web app's settings, read once from Vite's env (VITE_*) and frozen. Invalid values fail
 * loudly at start-up instead of surfacing later as a wrong chain or a dead link.
 */
export interface AppConfig {
  readonly chainId: number;
  readonly rpcUrl: string;
  readonly coordinatorUrl: string;
  /** Where a streamer's OBS pushes RTMP (the origin's ingest). */
  readonly rtmpUrl: string;
  readonly walletConnectProjectId: string | undefined;
  /**
   * A block explorer for a chain viem has none for (the local chain with Otterscan or
   * Blockscout); viem's own explorer is used for the public testnets.
   */
  readonly explorerUrl: string | undefined;
  /**
   * An Ethereum mainnet RPC for ENS and basename (ENSIP-19) names and avatars of the
   * addresses the app shows; without one the app makes no name look-up at all.
   */
  readonly ensRpcUrl: string | undefined;
}

export type AppEnv = Readonly<Record<string, string | boolean | undefined>>;

export class AppConfigError extends Error {
  override name = "AppConfigError";
}

const DEFAULTS = {
  chainId: 31337,
  rpcUrl: "http://127.0.0.1:8545",
  coordinatorUrl: "http://127.0.0.1:8080",
  rtmpUrl: "rtmp://127.0.0.1:1935/live",
} as const;

function text(env: AppEnv, key: string): string | undefined {
  const value = env[key];
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

function url(env: AppEnv, key: string, fallback: string, protocols: readonly string[]): string {
  const value = text(env, key) ?? fallback;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new AppConfigError(`${key} is not a URL: ${value}`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new AppConfigError(`${key} must use ${protocols.join(" or ")}: ${value}`);
  }
  return value.replace(/\/+$/, "");
}

/** Validates the VITE_* variables and returns the frozen app config. */
export function parseAppConfig(env: AppEnv): AppConfig {
  const chainText = text(env, "VITE_CHAIN_ID");
  const chainId = chainText === undefined ? DEFAULTS.chainId : Number(chainText);
  if (!Number.isSafeInteger(chainId) || chainId <= 0) {
    throw new AppConfigError(`VITE_CHAIN_ID must be a positive integer: ${chainText}`);
  }
  return Object.freeze({
    chainId,
    rpcUrl: url(env, "VITE_RPC_URL", DEFAULTS.rpcUrl, ["http:", "https:"]),
    coordinatorUrl: url(env, "VITE_COORDINATOR_URL", DEFAULTS.coordinatorUrl, ["http:", "https:"]),
    rtmpUrl: url(env, "VITE_RTMP_URL", DEFAULTS.rtmpUrl, ["rtmp:", "rtmps:"]),
    walletConnectProjectId: text(env, "VITE_WALLETCONNECT_PROJECT_ID"),
    explorerUrl:
      text(env, "VITE_EXPLORER_URL") === undefined
        ? undefined
        : url(env, "VITE_EXPLORER_URL", "", ["http:", "https:"]),
    ensRpcUrl:
      text(env, "VITE_ENS_RPC_URL") === undefined
        ? undefined
        : url(env, "VITE_ENS_RPC_URL", "", ["http:", "https:"]),
  });
}
