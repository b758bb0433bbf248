/**
 * What the sybil, flood and self-dealing attacks of test/attack/floods-and-sybils.test.ts take
 * and cost, on the real stack (scripts/lib/stack.ts). One baseline window of two epochs, then
 * two epochs under every attack at once:
 *   - sybil + self-dealing: a staked attacker relay claiming tier 8 / load 0 opens sessions from
 *     10 IPv4 /24s and one IPv6 /64 and uploads receipts of those sessions every 2 s;
 *   - floods: random session ids at relay 1, 25 unstaked relays heartbeating 100 made-up stream
 *     ids each, bad stream keys, garbage and slow-loris connections at the origin's RTMP.
 * The coordinator's auditor spot-checks relays twice per epoch (AUDIT_INTERVAL_MS 3000).
 * Figures: the attacker's credited bytes as a fraction of all bytes credited in the attack
 * epochs (what the pool spends per epoch; its budget is the sum it pays), the honest relays'
 * credited bytes per epoch under attack over the baseline, and the share of an honest client's
 * requests to the flooded relay that succeeded.
 *   npm run bench:attack [-- --json]
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { REPO_ROOT } from "../lib/chain.ts";
import { startStack } from "../lib/stack.ts";
import {
  ATTACK_STACK_ENV,
  epochOf,
  fetchFrom,
  floodRandomSessionIds,
  floodUnstakedHeartbeats,
  honestViewer,
  ipv4Sources,
  ipv6Sources,
  openSessions,
  publishWithKey,
  sendGarbage,
  slowLoris,
  startAttackerRelay,
  streamHead,
  until,
  uploadSelfDealtReceipts,
  verifiedBytes,
} from "../../test/attack/lib/attacks.ts";
import { report, wantsJson } from "./report.ts";

const EPOCH_SECONDS = 6;
const AUDIT_INTERVAL_MS = 3000;
const WINDOW_EPOCHS = 2;
const ATTACKER_OPERATOR = 8;
const json = wantsJson();
const say = (line: string) => {
  if (!json) process.stderr.write(`${line}\n`);
};

const stack = await startStack({
  logDir: path.join(REPO_ROOT, ".run/bench-logs/attack"),
  web: false,
  viewers: 2,
  epochSeconds: EPOCH_SECONDS,
  // The auditor at two rounds per 6 s epoch: fewer checks per epoch than the defaults give a
  // real one (60 rounds per 3600 s epoch), so a relay it catches here is caught there too.
  coordinatorEnv: { ...ATTACK_STACK_ENV.coordinator, AUDIT_INTERVAL_MS: String(AUDIT_INTERVAL_MS) },
  originEnv: ATTACK_STACK_ENV.origin,
  onStep: say,
});
const coordinatorUrl = stack.urls.coordinator;
const honestRelays = stack.relayKeys;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Waits for the start of the next epoch; resolves to its number. */
const nextEpoch = async () => {
  const next = epochOf(Date.now(), EPOCH_SECONDS) + 1;
  await sleep(next * EPOCH_SECONDS * 1000 - Date.now() + 50);
  return next;
};
const credited = async (relays: readonly string[], from: number) => {
  let total = 0;
  for (const relay of relays) {
    total += await verifiedBytes(coordinatorUrl, relay, { from, to: from + WINDOW_EPOCHS - 1 });
  }
  return total;
};

try {
  await until(
    "the stream's first segments",
    async () => ((await streamHead(coordinatorUrl, stack.streamId)) >= 2 ? true : undefined),
    60_000,
  );
  const viewer = honestViewer(stack, "127.0.0.2", [
    { address: stack.relayKeys[0], url: stack.urls.relays[0], tier: 1 },
    { address: stack.relayKeys[1], url: stack.urls.relays[1], tier: 2 },
  ]);
  await viewer.start();

  say("baseline: two epochs without attacks");
  const baselineFrom = await nextEpoch();
  await sleep(WINDOW_EPOCHS * EPOCH_SECONDS * 1000);

  say("attack: sybil sessions, self-dealt receipts and floods for two epochs");
  const attacker = await startAttackerRelay(stack, {
    operatorIndex: ATTACKER_OPERATOR,
    source: { localAddress: "127.0.3.1" },
    proxyOf: stack.urls.relays[0],
  });
  const sybils = [
    ...(await openSessions(coordinatorUrl, stack.streamId, ipv4Sources(20, 10, 6))).opened,
    ...(await openSessions(coordinatorUrl, stack.streamId, ipv6Sources(0xb, 12))).opened,
  ];
  const attackFrom = await nextEpoch();
  const attackEnds = (attackFrom + WINDOW_EPOCHS) * EPOCH_SECONDS * 1000;
  let probes = 0;
  let probesOk = 0;
  const honest = fetchFrom({ localAddress: "127.0.0.5" });
  const playlistUrl = `${stack.urls.relays[0]}/streams/${stack.streamId}/index.m3u8`;
  const running = () => Date.now() < attackEnds;
  await Promise.all([
    (async () => {
      while (running()) {
        await uploadSelfDealtReceipts(stack, attacker, sybils).catch(() => undefined);
        await sleep(2000);
      }
    })(),
    (async () => {
      while (running()) {
        await floodRandomSessionIds(
          stack.urls.relays[0],
          stack.streamId,
          stack.relayKeys[0],
          ipv4Sources(30, 5, 1),
          10,
        );
      }
    })(),
    floodUnstakedHeartbeats(coordinatorUrl, stack.chain.chainId, ipv4Sources(60, 1, 25)),
    Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        publishWithKey(
          stack.ports.rtmp,
          `127.0.40.${(i % 6) + 1}`,
          randomBytes(8).toString("hex"),
          8000,
        ),
      ),
    ),
    Promise.all(
      Array.from({ length: 12 }, () => slowLoris(stack.ports.rtmp, "127.0.50.1", 200, 8000)),
    ),
    sendGarbage(stack.ports.rtmp, "127.0.51.1", "junk-chunks", 5000),
    (async () => {
      while (running()) {
        probes++;
        try {
          const res = await honest(playlistUrl, { signal: AbortSignal.timeout(2000) });
          const text = await res.text();
          const uri = text
            .split("\n")
            .filter((l) => l.endsWith(".ts") || l.includes(".ts?"))
            .at(-1);
          if (res.status === 200 && uri) {
            const segment = await honest(new URL(uri, playlistUrl).toString(), {
              signal: AbortSignal.timeout(2000),
            });
            await segment.arrayBuffer();
            if (segment.status === 200) probesOk++;
          }
        } catch {
          // A failed probe counts as a failure.
        }
        await sleep(250);
      }
    })(),
  ]);

  // Receipts are evaluated within seconds; the last ones are posted up to a second late.
  await sleep(4000);
  await viewer.stop();
  await attacker.stop();
  const attackerBytes = await credited([attacker.key.address], attackFrom);
  const honestUnderAttack = await credited(honestRelays, attackFrom);
  const honestBaseline = await credited(honestRelays, baselineFrom);
  const total = attackerBytes + honestUnderAttack;
  report("attack", [
    {
      key: "sybilGainFraction",
      value: total === 0 ? 0 : attackerBytes / total,
      unit: "of credited bytes",
      note: `${sybils.length} sybil sessions (10 /24s + one /64), ${attackerBytes} of ${total} bytes credited in epochs ${attackFrom}-${attackFrom + WINDOW_EPOCHS - 1} went to the attacker`,
    },
    {
      key: "honestRelayCreditRetained",
      value: honestBaseline === 0 ? 0 : honestUnderAttack / honestBaseline,
      unit: "x baseline",
      target: { value: 0.8, better: "higher" },
      note: `honest relays credited ${honestUnderAttack} bytes under attack, ${honestBaseline} in the baseline window`,
    },
    {
      key: "floodHonestSuccessRate",
      value: probes === 0 ? 0 : probesOk / probes,
      unit: "of requests",
      target: { value: 0.95, better: "higher" },
      note: `${probesOk} of ${probes} playlist + segment fetches at the flooded relay succeeded`,
    },
  ]);
} finally {
  await stack.stop();
}
