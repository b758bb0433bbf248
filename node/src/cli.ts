#!/usr/bin/env node
/**
 * The node CLI (the only module that writes to the terminal directly):
 *   node node/src/cli.ts origin [options]   RTMP in, signed HLS out
 *   node node/src/cli.ts relay  [options]   pull, verify, cache, serve
 *   node node/src/cli.ts claim|stake|unstake|withdraw|status [options]   the operator's money
 *   node node/src/cli.ts keygen|authorize|revoke [options]   the relay (hot) key and its wallet
 */
import { UnknownDeploymentError } from "@streamrp2p/deployments";
import { privateKeyToAccount } from "viem/accounts";
import {
  ConfigError,
  collectConfig,
  modeHelp,
  parseOriginConfig,
  parseRelayConfig,
  type Mode,
} from "./config.ts";
import { createLogger } from "./create-logger.ts";
import { KeyLoadError, loadPrivateKey } from "./keys.ts";
import { AmountError } from "@streamrp2p/client/errors/AmountError";
import { errorMessage } from "./operator/error-message.ts";
import { isOperatorCommand, operatorUsageLines } from "./operator/operator-config.ts";
import { isRelayKeyCommand, relayKeyUsageLines } from "./operator/relay-key-config.ts";
import { runOperatorCommand } from "./operator/run-operator-command.ts";
import { runRelayKeyCommand } from "./operator/run-relay-key-command.ts";
import { processTerminal } from "./operator/terminal.ts";
import { originDependencies, relayDependencies } from "./node-dependencies.ts";
import { startOrigin } from "./origin/start-origin.ts";
import { ServeWorkerError } from "./relay/serve-pool.ts";
import { startRelay } from "./relay/start-relay.ts";
import { startAutoUpdate } from "./update/start-auto-update.ts";
import { NODE_VERSION } from "./version.ts";

/** How the user ran us: from a checkout (`node node/src/cli.ts`), or the binary or npm package. */
const PROGRAM = (process.argv[1] ?? "").endsWith(".ts")
  ? "node node/src/cli.ts"
  : "streamrp2p-node";

const USAGE = `streamrp2p node ${NODE_VERSION}

usage: ${PROGRAM} <mode> [options]

modes:
  origin   accept RTMP from OBS/ffmpeg (stream key checked with the coordinator), cut 1-second
           HLS segments, sign each segment's hash with the origin key, serve them to relays
  relay    pull a stream from the origin or an upstream relay, verify every segment against the
           origin's signature, cache it and serve HLS to players with signed delivery statements

operator commands (add --json for machine-readable output):
${operatorUsageLines().join("\n")}

relay key commands (the relay key is hot, on the relay machine; the wallet stays cold):
${relayKeyUsageLines().join("\n")}

run '${PROGRAM} <mode> --help' for a mode's options; '${PROGRAM} --version' prints the version.
`;

async function main(argv: string[]): Promise<number> {
  const [mode, ...rest] = argv;
  if (!mode || mode === "--help" || mode === "-h" || mode === "help") {
    process.stdout.write(USAGE);
    return mode ? 0 : 2;
  }
  if (mode === "--version") {
    process.stdout.write(`${NODE_VERSION}\n`);
    return 0;
  }
  if (isOperatorCommand(mode)) {
    return runOperatorCommand(mode, rest, {
      env: process.env,
      write: (text) => process.stdout.write(text),
      say: (text) => process.stderr.write(text),
      terminal: processTerminal(),
    });
  }
  if (isRelayKeyCommand(mode)) {
    return runRelayKeyCommand(mode, rest, {
      env: process.env,
      write: (text) => process.stdout.write(text),
      say: (text) => process.stderr.write(text),
      terminal: processTerminal(),
      now: Date.now,
    });
  }
  if (mode !== "origin" && mode !== "relay") {
    process.stderr.write(`unknown mode '${mode}'\n\n${USAGE}`);
    return 2;
  }
  const parsed = collectConfig(mode as Mode, rest, process.env);
  if (parsed.help) {
    process.stdout.write(`${modeHelp(mode, PROGRAM)}\n`);
    return 0;
  }
  const originConfig = mode === "origin" ? parseOriginConfig(parsed.raw) : undefined;
  const relayConfig = mode === "relay" ? parseRelayConfig(parsed.raw) : undefined;
  const config = (originConfig ?? relayConfig)!;
  // The relay's key is its relay (hot) key; OPERATOR_PRIVATE_KEY is the name it had before.
  const keyVar = mode === "origin" ? "ORIGIN_PRIVATE_KEY" : "RELAY_PRIVATE_KEY";
  const privateKey = await loadPrivateKey({
    name: keyVar,
    envValue:
      mode === "origin"
        ? process.env.ORIGIN_PRIVATE_KEY
        : (process.env.RELAY_PRIVATE_KEY ?? process.env.OPERATOR_PRIVATE_KEY),
    keystore: config.keystore,
    password: process.env.KEYSTORE_PASSWORD,
  });
  const account = privateKeyToAccount(privateKey);
  const logger = createLogger(
    {
      level: config.logLevel,
      base: { mode },
      redact: ["*.privateKey", "*.password", "*.streamKey"],
    },
    process.stdout.isTTY === true,
  );

  let failed: (error: Error) => void = () => {};
  const fatal = new Promise<Error>((resolve) => (failed = resolve));
  const start = () =>
    originConfig
      ? startOrigin(originDependencies(originConfig, account, logger))
      : startRelay({ ...relayDependencies(relayConfig!, account, logger), onFatal: failed });
  let node = await start();
  const updater = relayConfig?.autoUpdate
    ? await startAutoUpdate(relayConfig, logger, {
        stopNode: () => node.stop(),
        restartNode: async () => {
          node = await start();
        },
      })
    : undefined;

  const failure = await new Promise<Error | undefined>((resolve) => {
    let stopping = false;
    const shutdown = (signal: NodeJS.Signals) => {
      if (stopping) {
        logger.warn({ signal }, "second signal: exiting now");
        process.exit(1);
      }
      stopping = true;
      logger.info({ signal }, "shutting down");
      updater?.stop();
      node.stop().then(
        () => resolve(undefined),
        (error: unknown) => {
          logger.error({ err: error }, "shutdown failed");
          resolve(undefined);
        },
      );
    };
    process.once("SIGINT", shutdown);
    process.once("SIGTERM", shutdown);
    // The relay stopped itself (a serve worker died): exit 1 for the supervisor to restart it.
    void fatal.then((error) => {
      updater?.stop();
      resolve(error);
    });
  });
  if (failure) {
    logger.fatal({ err: failure }, "stopped on an error");
    return 1;
  }
  logger.info("stopped");
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (
      error instanceof ConfigError ||
      error instanceof KeyLoadError ||
      error instanceof AmountError ||
      error instanceof UnknownDeploymentError
    ) {
      process.stderr.write(`error: ${error.message}\n`);
      process.exit(2);
    }
    const command = process.argv[2] ?? "";
    if (
      error instanceof ServeWorkerError ||
      isOperatorCommand(command) ||
      isRelayKeyCommand(command)
    ) {
      process.stderr.write(`error: ${errorMessage(error)}\n`);
      process.exit(1);
    }
    process.stderr.write(
      `fatal: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
