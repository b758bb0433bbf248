/**
 * A stand-in for a new release of the node binary, for test/packaging/auto-update.test.ts. It is
 * not a relay: it takes the relay's arguments and answers GET /status on --host:--http-port the
 * way a relay does, reporting the version it is given, so the updater's health check, swap,
 * re-exec and rollback run against a real process on real files.
 *
 *   node stand-in-release.ts <version> healthy|unhealthy relay [relay options...]
 *
 * `unhealthy` answers /status with HTTP 503, as a new version that never becomes ready.
 */
import { createServer } from "node:http";

const [version, behaviour, ...relayArgs] = process.argv.slice(2);
const option = (name: string) => {
  const at = relayArgs.indexOf(`--${name}`);
  return at < 0 ? undefined : relayArgs[at + 1];
};
const server = createServer((request, response) => {
  if (request.url !== "/status") {
    response.writeHead(404).end();
    return;
  }
  if (behaviour !== "healthy") {
    response.writeHead(503).end();
    return;
  }
  response.writeHead(200, { "content-type": "application/json" });
  response.end(JSON.stringify({ mode: "relay", version, pid: process.pid }));
});
server.listen(Number(option("http-port") ?? 8090), option("host") ?? "127.0.0.1", () => {
  process.stdout.write(`stand-in release ${version} (${behaviour}) listening\n`);
});
const stop = () => server.close(() => process.exit(0));
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
