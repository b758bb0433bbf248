/**
 * Arguments of the operator money commands (claim, stake, unstake, withdraw, status): flags,
 * then environment variables; validated once with zod. The operator key is not configuration:
 * OPERATOR_PRIVATE_KEY or --keystore FILE (with KEYSTORE_PASSWORD).
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { httpUrl } from "@streamrp2p/protocol/primitives";
import { ConfigError } from "../config.ts";

export const OPERATOR_COMMANDS = ["claim", "stake", "unstake", "withdraw", "status"] as const;
export type OperatorCommand = (typeof OPERATOR_COMMANDS)[number];

export function isOperatorCommand(value: string): value is OperatorCommand {
  return (OPERATOR_COMMANDS as readonly string[]).includes(value);
}

interface CommandSpec {
  summary: string;
  amount: boolean;
  coordinator: "required" | "optional" | "none";
}

const COMMANDS: Record<OperatorCommand, CommandSpec> = {
  claim: {
    summary:
      "claim every pool's earnings in one transaction\n(fetches the coordinator's attestations, keeps those that pay something, claimBatch)",
    amount: false,
    coordinator: "required",
  },
  stake: {
    summary: "stake AMOUNT of the staking token (one transaction with an ERC-2612 permit)",
    amount: true,
    coordinator: "none",
  },
  unstake: {
    summary: "start unbonding AMOUNT of bonded stake (withdraw it after the unbonding period)",
    amount: true,
    coordinator: "none",
  },
  withdraw: {
    summary: "withdraw stake whose unbonding period is over",
    amount: false,
    coordinator: "none",
  },
  status: {
    summary:
      "stake, unbonding countdown, active/jailed, balance and claimable per pool, and each\nrelay key's verified and withheld bytes in the last closed epoch with the reason for\nevery withheld byte (claimable and relay keys need --coordinator)",
    amount: false,
    coordinator: "optional",
  },
};

const configSchema = z.strictObject({
  rpcUrl: httpUrl,
  chainId: z.coerce.number().int().positive(),
  coordinatorUrl: httpUrl.transform((u) => u.replace(/\/$/, "")).optional(),
  keystore: z.string().min(1).optional(),
  json: z.boolean(),
  /** Send without asking (required when stdin is not a terminal). */
  yes: z.boolean(),
  amount: z.string().optional(),
});
export type OperatorConfig = Readonly<z.infer<typeof configSchema>>;

export interface ParsedOperatorCommand {
  help: boolean;
  config: OperatorConfig | undefined;
}

const FLAGS: Record<string, { key: string; env?: string; arg?: string; help: string }> = {
  "rpc-url": { key: "rpcUrl", env: "CHAIN_RPC_URL", arg: "URL", help: "JSON-RPC URL of the L2" },
  "chain-id": {
    key: "chainId",
    env: "CHAIN_ID",
    arg: "N",
    help: "chain id (selects the deployment in @streamrp2p/deployments)",
  },
  coordinator: {
    key: "coordinatorUrl",
    env: "COORDINATOR_URL",
    arg: "URL",
    help: "coordinator base URL (attestations)",
  },
  keystore: {
    key: "keystore",
    env: "KEYSTORE_FILE",
    arg: "FILE",
    help: "encrypted v3 keystore instead of OPERATOR_PRIVATE_KEY (password: KEYSTORE_PASSWORD)",
  },
  json: { key: "json", help: "print one JSON object instead of text" },
  yes: {
    key: "yes",
    help: "send without asking y/N (required when stdin is not a terminal; not for status)",
  },
};

/** Parses and validates a money command's arguments; `config` is undefined with --help. */
export function parseOperatorCommand(
  command: OperatorCommand,
  argv: string[],
  env: NodeJS.ProcessEnv,
): ParsedOperatorCommand {
  const spec = COMMANDS[command];
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        help: { type: "boolean", short: "h" },
        json: { type: "boolean" },
        yes: { type: "boolean", short: "y" },
        "rpc-url": { type: "string" },
        "chain-id": { type: "string" },
        coordinator: { type: "string" },
        keystore: { type: "string" },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { help: true, config: undefined };
  if (spec.amount && positionals.length !== 1) {
    throw new ConfigError(`usage: ${command} <amount> (for example: ${command} 100)`);
  }
  if (!spec.amount && positionals.length > 0) {
    throw new ConfigError(`${command} takes no positional argument (got '${positionals[0]}')`);
  }
  const raw: Record<string, unknown> = { json: values.json === true, yes: values.yes === true };
  for (const [flag, { key, env: name }] of Object.entries(FLAGS)) {
    if (flag === "json" || flag === "yes") continue;
    const fromEnv = name ? env[name] : undefined;
    if (fromEnv !== undefined && fromEnv !== "") raw[key] = fromEnv;
    const fromFlag = values[flag];
    if (fromFlag !== undefined) raw[key] = fromFlag;
  }
  if (spec.coordinator === "none") delete raw.coordinatorUrl;
  if (spec.amount) raw.amount = positionals[0];
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const keyToFlag = new Map(Object.entries(FLAGS).map(([flag, { key }]) => [key, `--${flag}`]));
    const problems = result.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? "");
      const message = key && raw[key] === undefined ? "required" : issue.message;
      return `  ${keyToFlag.get(key) ?? key}: ${message}`;
    });
    throw new ConfigError(`invalid arguments:\n${problems.join("\n")}`);
  }
  if (spec.coordinator === "required" && !result.data.coordinatorUrl) {
    throw new ConfigError("invalid arguments:\n  --coordinator: required");
  }
  return { help: false, config: Object.freeze(result.data) };
}

/** The --help text of a money command. */
export function operatorHelp(command: OperatorCommand): string {
  const spec = COMMANDS[command];
  const rows = Object.entries(FLAGS)
    .filter(([flag]) => flag !== "coordinator" || spec.coordinator !== "none")
    .map(([flag, { env, arg, help }]) => {
      const left = `  --${flag}${arg ? ` ${arg}` : ""}`;
      const required =
        flag === "rpc-url" ||
        flag === "chain-id" ||
        (flag === "coordinator" && spec.coordinator === "required");
      return `${left.padEnd(24)} ${help}${required ? " (required)" : ""}${env ? ` [${env}]` : ""}`;
    });
  return [
    `usage: node node/src/cli.ts ${command}${spec.amount ? " <amount>" : ""} [options]`,
    "",
    spec.summary,
    ...(spec.amount
      ? [
          "",
          "<amount> is in token units as a plain decimal (100, 12.5); at most the token's decimals.",
        ]
      : []),
    "",
    "options (flag [ENV]):",
    ...rows,
    `${"  -h, --help".padEnd(24)} this help`,
    "",
    "key: OPERATOR_PRIVATE_KEY (0x hex) or --keystore FILE with KEYSTORE_PASSWORD. Never logged.",
  ].join("\n");
}

/** One line per money command, for the top-level usage. */
export function operatorUsageLines(): string[] {
  return OPERATOR_COMMANDS.map((c) => `  ${c.padEnd(8)} ${COMMANDS[c].summary.split("\n")[0]}`);
}
