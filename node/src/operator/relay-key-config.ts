/**
 * Arguments of the relay key commands (issue 9, finding 8: hot relay key, cold wallet):
 *   keygen     create a relay key in an encrypted keystore on the relay machine
 *   authorize  sign RelayKeyAuthorization with the relay key (and, with --wallet-keystore,
 *              send authorizeRelayKey from the wallet)
 *   revoke     send revokeRelayKey from the wallet
 * Flags, then environment variables; validated once with zod. Passwords are not configuration:
 * --password-file / KEYSTORE_PASSWORD (relay key), --wallet-password-file /
 * WALLET_KEYSTORE_PASSWORD (wallet), else asked on the terminal.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { address, httpUrl } from "@streamrp2p/protocol/primitives";
import { ConfigError } from "../config.ts";
import { parseDuration } from "./parse-duration.ts";

export const RELAY_KEY_COMMANDS = ["keygen", "authorize", "revoke"] as const;
export type RelayKeyCommand = (typeof RELAY_KEY_COMMANDS)[number];

export function isRelayKeyCommand(value: string): value is RelayKeyCommand {
  return (RELAY_KEY_COMMANDS as readonly string[]).includes(value);
}

interface FlagSpec {
  key: string;
  env?: string;
  arg?: string;
  boolean?: boolean;
  help: string;
}

const FLAGS = {
  keystore: {
    key: "keystore",
    env: "KEYSTORE_FILE",
    arg: "FILE",
    help: "the relay key's encrypted v3 keystore",
  },
  "password-file": {
    key: "passwordFile",
    arg: "FILE",
    help: "file holding the relay keystore's password (else KEYSTORE_PASSWORD, else asked)",
  },
  operator: {
    key: "operator",
    env: "OPERATOR_ADDRESS",
    arg: "ADDR",
    help: "the operator's wallet the relay key will act for",
  },
  deadline: {
    key: "deadline",
    arg: "UNIX",
    help: "the authorization expires at this time (unix seconds)",
  },
  "valid-for": {
    key: "validFor",
    arg: "DURATION",
    help: "or expires after this long: 90s, 30m, 1h, 2d (default 1h)",
  },
  "relay-key": { key: "relayKey", arg: "ADDR", help: "the relay key to revoke" },
  "wallet-keystore": {
    key: "walletKeystore",
    env: "WALLET_KEYSTORE_FILE",
    arg: "FILE",
    help: "the operator wallet's encrypted v3 keystore, to send the transaction from here",
  },
  "wallet-password-file": {
    key: "walletPasswordFile",
    arg: "FILE",
    help: "file holding the wallet keystore's password (else WALLET_KEYSTORE_PASSWORD, else asked)",
  },
  "rpc-url": { key: "rpcUrl", env: "CHAIN_RPC_URL", arg: "URL", help: "JSON-RPC URL of the L2" },
  "chain-id": {
    key: "chainId",
    env: "CHAIN_ID",
    arg: "N",
    help: "chain id (selects RelayStaking in @streamrp2p/deployments)",
  },
  yes: { key: "yes", boolean: true, help: "send without asking" },
  json: { key: "json", boolean: true, help: "print one JSON object" },
} satisfies Record<string, FlagSpec>;
type Flag = keyof typeof FLAGS;

interface CommandSpec {
  usage: string;
  summary: string;
  flags: readonly Flag[];
  required: readonly Flag[];
}

const COMMANDS: Record<RelayKeyCommand, CommandSpec> = {
  keygen: {
    usage: "keygen --keystore FILE",
    summary:
      "create a new relay (hot) key in an encrypted keystore FILE (scrypt) and print its address;\nan existing FILE is never overwritten",
    flags: ["keystore", "password-file", "json"],
    required: ["keystore"],
  },
  authorize: {
    usage: "authorize --keystore FILE --operator WALLET [--deadline UNIX | --valid-for 1h]",
    summary:
      "sign RelayKeyAuthorization with the relay key and print {relayKey, operator, deadline,\nsignature, chainId, stakingAddress} for the web wizard, where the wallet sends it;\nwith --wallet-keystore, send authorizeRelayKey from that wallet here",
    flags: [
      "keystore",
      "password-file",
      "operator",
      "deadline",
      "valid-for",
      "chain-id",
      "rpc-url",
      "wallet-keystore",
      "wallet-password-file",
      "yes",
    ],
    required: ["chain-id"],
  },
  revoke: {
    usage: "revoke --relay-key ADDR --wallet-keystore FILE",
    summary:
      "revoke a relay key from the operator's wallet (its statements and uploads count for nobody)",
    flags: [
      "relay-key",
      "wallet-keystore",
      "wallet-password-file",
      "chain-id",
      "rpc-url",
      "yes",
      "json",
    ],
    required: ["relay-key", "wallet-keystore", "chain-id", "rpc-url"],
  },
};

const DEFAULT_VALID_FOR_S = 3600;

const schema = z.strictObject({
  keystore: z.string().min(1).optional(),
  passwordFile: z.string().min(1).optional(),
  operator: address.optional(),
  deadline: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  validFor: z
    .string()
    .transform((text, ctx) => {
      const seconds = parseDuration(text);
      if (seconds === undefined)
        ctx.addIssue({ code: "custom", message: "expected a duration such as 90s, 30m, 1h, 2d" });
      return seconds ?? 0;
    })
    .optional(),
  relayKey: address.optional(),
  walletKeystore: z.string().min(1).optional(),
  walletPasswordFile: z.string().min(1).optional(),
  rpcUrl: httpUrl.optional(),
  chainId: z.coerce.number().int().positive().optional(),
  yes: z.boolean(),
  json: z.boolean(),
});
export type RelayKeyConfig = Readonly<z.infer<typeof schema>>;

/** Parses and validates a relay key command's arguments; undefined with --help. */
export function parseRelayKeyCommand(
  command: RelayKeyCommand,
  argv: string[],
  env: NodeJS.ProcessEnv,
): RelayKeyConfig | undefined {
  const spec = COMMANDS[command];
  let values: Record<string, string | boolean | undefined>;
  try {
    const parsed = parseArgs({
      args: argv,
      options: {
        help: { type: "boolean", short: "h" },
        ...Object.fromEntries(
          spec.flags.map((flag) => [
            flag,
            { type: "boolean" in FLAGS[flag] ? ("boolean" as const) : ("string" as const) },
          ]),
        ),
      },
      strict: true,
      allowPositionals: false,
    });
    values = parsed.values;
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}\nrun '${command} --help' for its options`);
  }
  if (values.help === true) return undefined;
  const raw: Record<string, unknown> = { yes: values.yes === true, json: values.json === true };
  for (const flag of spec.flags) {
    const { key, ...rest } = FLAGS[flag] as FlagSpec;
    if ("boolean" in rest) continue;
    const fromEnv = rest.env ? env[rest.env] : undefined;
    if (fromEnv !== undefined && fromEnv !== "") raw[key] = fromEnv;
    if (values[flag] !== undefined) raw[key] = values[flag];
  }
  const problems: string[] = [];
  for (const flag of spec.required)
    if (raw[FLAGS[flag].key] === undefined) problems.push(`  --${flag}: required`);
  if (command === "authorize") {
    if (raw.deadline !== undefined && raw.validFor !== undefined)
      problems.push("  --deadline, --valid-for: give one of them, not both");
    if (raw.walletKeystore === undefined && raw.operator === undefined)
      problems.push("  --operator: required (the wallet the relay key will act for)");
    if (raw.walletKeystore !== undefined && raw.rpcUrl === undefined)
      problems.push("  --rpc-url: required to send the transaction with --wallet-keystore");
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const keyToFlag = new Map(Object.entries(FLAGS).map(([flag, { key }]) => [key, `--${flag}`]));
    for (const issue of result.error.issues) {
      const key = String(issue.path[0] ?? "");
      problems.push(`  ${keyToFlag.get(key) ?? key}: ${issue.message}`);
    }
  }
  if (problems.length > 0 || !result.success)
    throw new ConfigError(
      `invalid arguments:\n${problems.join("\n")}\nrun '${command} --help' for its options`,
    );
  return Object.freeze(result.data);
}

/** The authorization's deadline (unix seconds) from --deadline or --valid-for. */
export function authorizationDeadline(config: RelayKeyConfig, nowMs: number): number {
  const now = Math.floor(nowMs / 1000);
  if (config.deadline !== undefined) {
    if (config.deadline <= now)
      throw new ConfigError(
        `--deadline ${config.deadline} is in the past (now ${now}); use --valid-for 1h`,
      );
    return config.deadline;
  }
  return now + (config.validFor ?? DEFAULT_VALID_FOR_S);
}

/** The --help text of a relay key command. */
export function relayKeyHelp(command: RelayKeyCommand): string {
  const spec = COMMANDS[command];
  const rows = spec.flags.map((flag) => {
    const { arg, env, help } = FLAGS[flag] as FlagSpec;
    const left = `  --${flag}${arg ? ` ${arg}` : ""}`;
    const required = spec.required.includes(flag) ? " (required)" : "";
    return `${left.padEnd(30)} ${help}${required}${env ? ` [${env}]` : ""}`;
  });
  return [
    `usage: streamrp2p-node ${spec.usage} [options]`,
    "",
    spec.summary,
    "",
    "options (flag [ENV]):",
    ...rows,
    `${"  -h, --help".padEnd(30)} this help`,
    "",
    "Passwords and keys are never printed or logged.",
  ].join("\n");
}

/** One line per relay key command, for the top-level usage. */
export function relayKeyUsageLines(): string[] {
  return RELAY_KEY_COMMANDS.map(
    (c) => `  ${c.padEnd(9)} ${COMMANDS[c].summary.split("\n")[0]!.replace(/;$/, "")}`,
  );
}
