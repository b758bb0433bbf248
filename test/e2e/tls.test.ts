/**
 * TLS on both node modes (--tls-cert/--tls-key), with a self-signed certificate made by openssl
 * for localhost: the origin serves HTTPS, a relay pulls from it over HTTPS (trusting the
 * certificate through NODE_EXTRA_CA_CERTS, as an operator with a private CA would) and serves
 * HTTPS itself; a player fetches the playlist and a segment that matches the origin-signed hash.
 * Plain HTTP to the TLS port gets no answer.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { OPERATOR_KEYS, startNode, waitForSegments } from "../../scripts/lib/live-stack.ts";
import { stopAll } from "../../scripts/lib/service.ts";
import { caFetch } from "./helpers/ca-fetch.ts";
import {
  assertRelaysVerifiedSegment,
  startLiveOrigin,
  type LiveOrigin,
} from "./helpers/live-origin.ts";

const exec = promisify(execFile);

let scratch: string;
let live: LiveOrigin | undefined;

before(async () => {
  scratch = await mkdtemp(join(tmpdir(), "streamrp2p-tls-"));
});

after(async () => {
  await stopAll();
  await live?.stop();
  await rm(scratch, { recursive: true, force: true });
});

test(
  "origin and relay serve HTTPS; a player gets a verified segment over TLS",
  { timeout: 90_000 },
  async (t) => {
    const certFile = join(scratch, "cert.pem");
    const keyFile = join(scratch, "key.pem");
    await exec("openssl", [
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
      "-addext",
      "subjectAltName=DNS:localhost,IP:127.0.0.1",
      "-keyout",
      keyFile,
      "-out",
      certFile,
    ]);
    const trusting = caFetch(await readFile(certFile));
    const tls = { certFile, keyFile, fetch: trusting };

    live = await startLiveOrigin({ tls });
    assert.match(live.origin.url, /^https:\/\/localhost:\d+$/);
    const relay = await startNode({
      coordinatorUrl: live.coordinator.url,
      name: "tls-relay",
      mode: "relay",
      args: ["--tier", "1", "--upstream", live.origin.url, "--poll-interval", "100"],
      key: OPERATOR_KEYS[0],
      originCheck: "insecure-skip",
      tls,
      command: {
        file: process.execPath,
        args: [join(import.meta.dirname, "../../node/src/cli.ts")],
        env: { NODE_EXTRA_CA_CERTS: certFile },
      },
    });
    const status = (await (await trusting(`${relay.url}/status`)).json()) as { url: string };
    assert.equal(status.url, `https://127.0.0.1:${new URL(relay.url).port}`);

    live.publish(30);
    await waitForSegments(relay, 2, 45_000);
    const { sequence, bytes } = await assertRelaysVerifiedSegment(live, relay.url, trusting);
    t.diagnostic(
      `segment ${sequence} (${bytes} bytes) over https from a relay that pulled over https`,
    );

    await assert.rejects(
      fetch(`${relay.url}/health`),
      "the default trust store refuses the self-signed cert",
    );
    await assert.rejects(
      fetch(`${relay.url.replace("https:", "http:")}/health`),
      "no plain HTTP on the TLS port",
    );
  },
);
