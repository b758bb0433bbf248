#!/usr/bin/env node
/**
 * The advisor's command line: `stdio` serves MCP on stdin/stdout (Claude Desktop and other
 * local clients), `http` serves Streamable HTTP at /mcp with /metrics. Configuration comes
 * from the environment (validated, see --help); logs go to stderr, since stdout belongs to
 * the stdio transport. This file is the only one that writes to the terminal.
 */
import { parseArgs } from "node:util";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { pino, type Logger } from "pino";
import { createAdvisor } from "./advisor.ts";
import { ConfigError, configHelp, loadConfig, redactedConfig, type Config } from "./config.ts";
import { createHttpApp, listen } from "./http.ts";
import { createAdvisorServer } from "./server.ts";

const USAGE = `usage: node advisor/src/cli.ts stdio
       node advisor/src/cli.ts http [--port N] [--host H]
       node advisor/src/cli.ts --help

The StreamrP2P advisors as an MCP server: ask_infrastructure_visionary,
ask_economic_architect, ask_community_catalyst and ask_all_advisors, grounded in the live
network (get_network_summary, get_relay_earnings, get_pool_runway, get_leaderboard,
get_fraud_decisions), with history (list_consultations, get_consultation) and the personas
as prompts.

  stdio          serve MCP over stdin/stdout (Claude Desktop, MCP inspectors)
  http           serve Streamable HTTP at http://HOST:PORT/mcp, plus /metrics and /healthz
  --port N       HTTP port (overrides ADVISOR_PORT; 0 = any free port)
  --host H       HTTP listen address (overrides ADVISOR_HOST)

Answers come from the client's model through MCP sampling when it offers it, else from the
LLM provider configured below; with neither, the ask_* tools answer with error NO_MODEL.

Environment (validated at start-up):
${configHelp()}`;

function fail(message: string, code = 2): void {
  process.stderr.write(`${message}\n`);
  process.exitCode = code;
}

function onSignals(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping");
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "stop failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", handler);
  process.once("SIGTERM", handler);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      allowPositionals: true,
      options: {
        help: { type: "boolean", short: "h" },
        port: { type: "string" },
        host: { type: "string" },
      },
    });
  } catch (error) {
    return fail(`${(error as Error).message}\n\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const [mode, ...rest] = positionals;
  if ((mode !== "stdio" && mode !== "http") || rest.length > 0)
    return fail(`expected one command, stdio or http\n\n${USAGE}`);
  if (mode === "stdio" && (values.port !== undefined || values.host !== undefined))
    return fail("--port and --host apply to http only");

  let config: Config;
  try {
    config = loadConfig({
      ...process.env,
      ...(values.port !== undefined ? { ADVISOR_PORT: values.port } : {}),
      ...(values.host !== undefined ? { ADVISOR_HOST: values.host } : {}),
    });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return fail(`${error.message}\n\nRun with --help for the variables.`);
  }
  const logger = pino(
    { level: config.logLevel, base: { service: "advisor", transport: mode } },
    pino.destination(2),
  );
  logger.info({ config: redactedConfig(config) }, "starting");
  const advisor = createAdvisor(config, logger);

  if (mode === "stdio") {
    const server = createAdvisorServer(advisor.deps);
    const transport = new StdioServerTransport();
    transport.onclose = () => {
      void advisor.close();
    };
    await server.connect(transport);
    process.stdin.once("end", () => {
      void server.close().finally(() => advisor.close());
    });
    onSignals(logger, async () => {
      await server.close();
      await advisor.close();
    });
    logger.info("serving MCP on stdio");
    return;
  }

  const http = createHttpApp({ ...advisor.deps, host: config.host });
  const listening = await listen(http, config.port, config.host);
  logger.info({ url: `${listening.url}/mcp` }, "serving MCP over Streamable HTTP");
  process.stdout.write(
    `advisor MCP endpoint: ${listening.url}/mcp (metrics: ${listening.url}/metrics)\n`,
  );
  onSignals(logger, async () => {
    await listening.close();
    await advisor.close();
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `advisor: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
