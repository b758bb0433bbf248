/**
 * Advisor configuration from the environment: one table of variables drives the zod
 * validation and the --help text. Validated once at start-up, then frozen. The LLM key has no
 * default and `redactedConfig` (key masked) is the only form that is logged.
 */
import path from "node:path";
import { z } from "zod";
import { address, httpUrl } from "@streamrp2p/protocol/primitives";

/** Default history folder: inside the repository's ignored `.run/`, whatever the working directory. */
const DEFAULT_HISTORY_DIR = path.resolve(import.meta.dirname, "../../.run/advisor/consultations");

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

interface Variable {
  env: string;
  key: string;
  schema: z.ZodType;
  help: string;
}

export const VARIABLES = [
  {
    env: "ADVISOR_HOST",
    key: "host",
    schema: z.string().min(1).default("127.0.0.1"),
    help: "HTTP transport listen address (default 127.0.0.1)",
  },
  {
    env: "ADVISOR_PORT",
    key: "port",
    schema: int(0, 65535).default(8090),
    help: "HTTP transport listen port (default 8090; 0 = any free port; --port overrides)",
  },
  {
    env: "COORDINATOR_URL",
    key: "coordinatorUrl",
    schema: httpUrl.default("http://127.0.0.1:8080"),
    help: "base URL of the coordinator's HTTP API (default http://127.0.0.1:8080)",
  },
  {
    env: "CHAIN_RPC_URL",
    key: "chainRpcUrl",
    schema: httpUrl.optional(),
    help: "JSON-RPC URL of the L2 for pool and stake reads (optional: without it, chain figures are omitted)",
  },
  {
    env: "CHAIN_ID",
    key: "chainId",
    schema: int(1, 2 ** 53 - 1).default(31337),
    help: "chain id whose generated deployment names the contracts (default 31337)",
  },
  {
    env: "REWARD_POOLS_ADDRESS",
    key: "rewardPoolsAddress",
    schema: address.optional(),
    help: "RewardPools address (default: the generated deployment of CHAIN_ID)",
  },
  {
    env: "STAKING_ADDRESS",
    key: "stakingAddress",
    schema: address.optional(),
    help: "RelayStaking address (default: the generated deployment of CHAIN_ID)",
  },
  {
    env: "ADVISOR_REDIS_URL",
    key: "redisUrl",
    schema: z.url({ protocol: /^rediss?$/ }).default("redis://127.0.0.1:6379"),
    help: "Redis of the consultation history (the coordinator's or another; default redis://127.0.0.1:6379)",
  },
  {
    env: "ADVISOR_REDIS_PREFIX",
    key: "redisPrefix",
    schema: z
      .string()
      .regex(/^[A-Za-z0-9:_-]{1,40}$/)
      .default("sp2p-advisor:"),
    help: "prefix of the advisor's Redis keys (default sp2p-advisor:)",
  },
  {
    env: "ADVISOR_HISTORY_DIR",
    key: "historyDir",
    schema: z.string().min(1).default(DEFAULT_HISTORY_DIR),
    help: "folder of the timestamped markdown consultations (default .run/advisor/consultations in the repository)",
  },
  {
    env: "ADVISOR_LLM_PROVIDER",
    key: "llmProvider",
    schema: z.enum(["anthropic", "openai"]).optional(),
    help: "fallback model when the client offers no sampling: anthropic or openai (any OpenAI-compatible endpoint)",
  },
  {
    env: "ADVISOR_LLM_API_KEY",
    key: "llmApiKey",
    schema: z.string().min(1).optional(),
    help: "API key of that provider (secret, never logged; optional for keyless local endpoints)",
  },
  {
    env: "ADVISOR_LLM_MODEL",
    key: "llmModel",
    schema: z.string().min(1).optional(),
    help: "model name (required with ADVISOR_LLM_PROVIDER), e.g. claude-sonnet-4-5 or gpt-4o-mini",
  },
  {
    env: "ADVISOR_LLM_BASE_URL",
    key: "llmBaseUrl",
    schema: httpUrl.optional(),
    help: "API base URL (default https://api.anthropic.com or https://api.openai.com/v1)",
  },
  {
    env: "ADVISOR_MAX_TOKENS",
    key: "maxTokens",
    schema: int(64, 32_000).default(1200),
    help: "largest answer per advisor, in tokens (default 1200)",
  },
  {
    env: "ADVISOR_MODEL_TIMEOUT_MS",
    key: "modelTimeoutMs",
    schema: int(1000, 600_000).default(120_000),
    help: "how long one model answer may take (default 120000)",
  },
  {
    env: "LOG_LEVEL",
    key: "logLevel",
    schema: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    help: "pino level; logs go to stderr (default info)",
  },
] as const satisfies readonly Variable[];

type Shape = { [V in (typeof VARIABLES)[number] as V["key"]]: V["schema"] };
const shape = Object.fromEntries(VARIABLES.map((v) => [v.key, v.schema])) as Shape;

export const configSchema = z.strictObject(shape).superRefine((c, ctx) => {
  if (c.llmProvider && !c.llmModel) {
    ctx.addIssue({
      code: "custom",
      path: ["llmModel"],
      message: "ADVISOR_LLM_MODEL is required with ADVISOR_LLM_PROVIDER",
    });
  }
  if (c.llmProvider === "anthropic" && !c.llmApiKey) {
    ctx.addIssue({
      code: "custom",
      path: ["llmApiKey"],
      message: "ADVISOR_LLM_API_KEY is required with ADVISOR_LLM_PROVIDER=anthropic",
    });
  }
});

export type Config = Readonly<z.output<typeof configSchema>>;

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** Reads the variables from `env` (unset and empty mean "default"), validates, freezes. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const input: Record<string, string> = {};
  for (const v of VARIABLES) {
    const value = env[v.env];
    if (value !== undefined && value !== "") input[v.key] = value;
  }
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    const byKey = new Map<string, string>(VARIABLES.map((v) => [v.key, v.env]));
    const lines = parsed.error.issues.map(
      (i) => `  ${byKey.get(String(i.path[0])) ?? i.path.join(".")}: ${i.message}`,
    );
    throw new ConfigError(`invalid configuration:\n${lines.join("\n")}`);
  }
  return Object.freeze(parsed.data);
}

/** Builds a config from typed values (tests, the demo): same validation and defaults. */
export function defineConfig(values: Partial<Record<keyof Config, unknown>>): Config {
  const env: Record<string, string | undefined> = {};
  for (const v of VARIABLES) {
    const value = values[v.key as keyof Config];
    if (value !== undefined) env[v.env] = String(value);
  }
  return loadConfig(env);
}

/** The config with the Redis password and the LLM key masked: the only form that may be logged. */
export function redactedConfig(config: Config): Record<string, unknown> {
  const url = new URL(config.redisUrl);
  if (url.password) url.password = "***";
  return {
    ...config,
    redisUrl: url.toString(),
    llmApiKey: config.llmApiKey ? "***" : undefined,
  };
}

export function configHelp(): string {
  const width = Math.max(...VARIABLES.map((v) => v.env.length));
  return VARIABLES.map((v) => `  ${v.env.padEnd(width)}  ${v.help}`).join("\n");
}
