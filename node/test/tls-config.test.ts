import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { pino } from "pino";
import { privateKeyToAccount } from "viem/accounts";
import { ConfigError, modeHelp, parseRelayConfig } from "../src/config.ts";
import { relayDependencies } from "../src/node-dependencies.ts";

const account = privateKeyToAccount(`0x${"11".repeat(32)}`);
const logger = pino({ level: "silent" });
const base = {
  coordinatorUrl: "http://127.0.0.1:8080",
  chainId: 31337,
  stakingAddress: `0x${"22".repeat(20)}`,
  upstream: ["http://127.0.0.1:8081"],
  insecureSkipOriginCheck: true,
};

/** A self-signed certificate and its key (openssl, as an operator would make one). */
function selfSigned(dir: string, name: string): [cert: string, key: string] {
  const cert = join(dir, `${name}-cert.pem`);
  const key = join(dir, `${name}-key.pem`);
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=localhost",
      "-keyout",
      key,
      "-out",
      cert,
    ],
    { stdio: "ignore" },
  );
  return [cert, key];
}

test("--tls-cert and --tls-key: read and paired at start; one alone, a missing file or another key is a ConfigError", async () => {
  const dir = await mkdtemp(join(tmpdir(), "tls-config-"));
  try {
    const [cert, key] = selfSigned(dir, "a");
    const [, otherKey] = selfSigned(dir, "b");
    const deps = relayDependencies(
      parseRelayConfig({ ...base, tlsCert: cert, tlsKey: key }),
      account,
      logger,
    );
    assert.deepEqual(deps.tls?.cert, await readFile(cert));
    assert.deepEqual(deps.tls?.key, await readFile(key));
    assert.equal(relayDependencies(parseRelayConfig(base), account, logger).tls, undefined);

    assert.throws(
      () => relayDependencies(parseRelayConfig({ ...base, tlsCert: cert }), account, logger),
      (error: unknown) => error instanceof ConfigError && /go together/.test(error.message),
    );
    assert.throws(
      () =>
        relayDependencies(
          parseRelayConfig({ ...base, tlsCert: join(dir, "nope.pem"), tlsKey: key }),
          account,
          logger,
        ),
      (error: unknown) =>
        error instanceof ConfigError && /--tls-cert .*nope\.pem/.test(error.message),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("both modes document the TLS flags", () => {
  for (const mode of ["origin", "relay"] as const) {
    assert.match(modeHelp(mode), /--tls-cert FILE .*\[TLS_CERT_FILE\]/);
    assert.match(modeHelp(mode), /--tls-key FILE .*\[TLS_KEY_FILE\]/);
  }
});
