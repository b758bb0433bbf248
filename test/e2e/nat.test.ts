/**
 * NAT traversal against a real NAT built from Linux network namespaces: "inet" is the internet
 * (5.5.5.1; miniupnpd refuses reserved external addresses, and these exist only inside the
 * namespaces), "router" masquerades the home network 192.168.77.0/24 behind 5.5.5.2 and runs
 * Debian's miniupnpd on its LAN side, "home" runs the real relay (helpers/nat-relay.ts). The
 * coordinator's probe (probeRelay: a viewer's fetch and verification of a segment) runs in
 * "inet" (helpers/nat-probe.ts).
 *
 *  - with miniupnpd: the relay maps its port, advertises 5.5.5.2:port, the probe fetches and
 *    verifies a segment through the mapping, and the mapping is gone once the relay stopped;
 *  - without it: the relay advertises only its local URL, the router's address does not reach
 *    it and the probe fails (unreachable), so the coordinator does not list it: it runs pull-only.
 *
 * Needs root, `ip netns`, iptables and miniupnpd (skipped with the reason otherwise).
 */
import assert from "node:assert/strict";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { after, before, test } from "node:test";
import { reachabilityOf } from "../../coordinator/src/core/relay-reachability.ts";
import type { ProbeResult } from "../../coordinator/src/relays/probe-relay.ts";

const ROUTER = "sp2p-nat-router";
const HOME = "sp2p-nat-home";
const INET = "sp2p-nat-inet";
const EXTERNAL = "5.5.5.2";
const RELAY_PORT = 18_977;
const MINIUPNPD = "/usr/sbin/miniupnpd";
const IPTABLES = "iptables-legacy";

function sh(...args: string[]): string {
  return execFileSync(args[0]!, args.slice(1), { encoding: "utf8", stdio: "pipe" });
}
function inNs(ns: string, ...args: string[]): string {
  return sh("ip", "netns", "exec", ns, ...args);
}

function skipReason(): string | undefined {
  if (process.platform !== "linux") return "not Linux: no network namespaces";
  if (process.getuid?.() !== 0) return "not root: network namespaces and iptables need root";
  try {
    sh("ip", "netns", "list");
  } catch {
    return "`ip netns` is unavailable (install iproute2)";
  }
  if (!existsSync(MINIUPNPD)) return "miniupnpd is not installed (apt install miniupnpd-iptables)";
  try {
    sh(IPTABLES, "--version");
  } catch {
    return "iptables-legacy is not installed (apt install iptables)";
  }
  return undefined;
}
const skip = skipReason();
if (skip) console.log(`# nat.test.ts skipped: ${skip}`);

let scratch: string;
let miniupnpd: ChildProcess | undefined;

function teardown(): void {
  for (const ns of [HOME, ROUTER, INET])
    try {
      sh("ip", "netns", "del", ns);
    } catch {
      // not there
    }
}

before(() => {
  if (skip) return;
  teardown();
  scratch = mkdtempSync(join(tmpdir(), "streamrp2p-nat-"));
  for (const ns of [ROUTER, HOME, INET]) sh("ip", "netns", "add", ns);
  // internet <-> router WAN; router LAN <-> home
  inNs(INET, "ip", "link", "add", "eth0", "type", "veth", "peer", "name", "wan", "netns", ROUTER);
  inNs(ROUTER, "ip", "link", "add", "lan", "type", "veth", "peer", "name", "eth0", "netns", HOME);
  inNs(INET, "ip", "addr", "add", "5.5.5.1/24", "dev", "eth0");
  inNs(ROUTER, "ip", "addr", "add", `${EXTERNAL}/24`, "dev", "wan");
  inNs(ROUTER, "ip", "addr", "add", "192.168.77.1/24", "dev", "lan");
  inNs(HOME, "ip", "addr", "add", "192.168.77.2/24", "dev", "eth0");
  for (const dev of ["lo", "eth0"]) inNs(INET, "ip", "link", "set", dev, "up");
  for (const dev of ["lo", "wan", "lan"]) inNs(ROUTER, "ip", "link", "set", dev, "up");
  for (const dev of ["lo", "eth0"]) inNs(HOME, "ip", "link", "set", dev, "up");
  inNs(HOME, "ip", "route", "add", "default", "via", "192.168.77.1");
  inNs(ROUTER, "sysctl", "-qw", "net.ipv4.ip_forward=1");
  // miniupnpd-iptables writes its rules with libiptc: the legacy tables, not nftables
  const ipt = (...args: string[]) => inNs(ROUTER, IPTABLES, ...args);
  ipt("-t", "nat", "-A", "POSTROUTING", "-o", "wan", "-j", "MASQUERADE");
  // the chains miniupnpd adds its mappings to; the internet gets in only through them
  ipt("-t", "nat", "-N", "MINIUPNPD");
  ipt("-t", "nat", "-A", "PREROUTING", "-i", "wan", "-j", "MINIUPNPD");
  ipt("-t", "nat", "-N", "MINIUPNPD-POSTROUTING");
  ipt("-t", "nat", "-I", "POSTROUTING", "-o", "wan", "-j", "MINIUPNPD-POSTROUTING");
  ipt("-N", "MINIUPNPD");
  ipt("-A", "FORWARD", "-i", "wan", "-o", "lan", "-j", "MINIUPNPD");
  ipt(
    "-A",
    "FORWARD",
    "-i",
    "wan",
    "-o",
    "lan",
    "-m",
    "conntrack",
    "--ctstate",
    "ESTABLISHED,RELATED",
    "-j",
    "ACCEPT",
  );
  ipt("-A", "FORWARD", "-i", "wan", "-o", "lan", "-j", "DROP");
  const conf = join(scratch, "miniupnpd.conf");
  writeFileSync(
    conf,
    [
      "ext_ifname=wan",
      "listening_ip=lan",
      "http_port=5555",
      "enable_upnp=yes",
      "enable_natpmp=no",
      "secure_mode=yes",
      "system_uptime=yes",
      "uuid=3b1f0e6c-3c1a-4a5e-9d8e-2f6a7c1b9e01",
      "allow 1024-65535 192.168.77.0/24 1024-65535",
      "deny 0-65535 0.0.0.0/0 0-65535",
      "",
    ].join("\n"),
  );
  miniupnpd = spawn("ip", ["netns", "exec", ROUTER, MINIUPNPD, "-f", conf, "-d"], {
    stdio: "ignore",
  });
});

after(() => {
  if (skip) return;
  if (miniupnpd?.exitCode === null) miniupnpd.kill("SIGTERM");
  teardown();
  rmSync(scratch, { recursive: true, force: true });
});

interface RelayOutput {
  status: {
    url: string;
    address: `0x${string}`;
    inbound: {
      via: string;
      upnp: { state: string; externalPort: number | null; error: string | null };
    };
  };
  streamId: `0x${string}`;
  originAddress: `0x${string}`;
}

/** Starts the relay in the home namespace; resolves with its status line and a stop function. */
async function startHomeRelay(
  upnp: boolean,
): Promise<{ out: RelayOutput; stop: () => Promise<void> }> {
  const child = spawn(
    "ip",
    ["netns", "exec", HOME, process.execPath, join(import.meta.dirname, "helpers/nat-relay.ts")],
    {
      env: { ...process.env, UPNP: upnp ? "1" : "0", RELAY_PORT: String(RELAY_PORT) },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const first = await lines.next();
  assert.ok(!first.done, "the relay printed its status");
  return {
    out: JSON.parse(first.value as string) as RelayOutput,
    async stop() {
      child.kill("SIGTERM");
      const next = await lines.next();
      assert.deepEqual(JSON.parse(next.value as string), { stopped: true });
      await exited;
    },
  };
}

/** The coordinator's probe of each URL, from the internet namespace. */
function probe(out: RelayOutput, urls: string[]): ProbeResult[] {
  const input = {
    urls,
    address: out.status.address,
    streamId: out.streamId,
    originAddress: out.originAddress,
  };
  const script = join(import.meta.dirname, "helpers/nat-probe.ts");
  return JSON.parse(inNs(INET, process.execPath, script, JSON.stringify(input))) as ProbeResult[];
}

const mappings = () => inNs(ROUTER, IPTABLES, "-t", "nat", "-S", "MINIUPNPD");

test(
  "behind a UPnP router the relay maps its port, the probe verifies a segment through it, and stop removes the mapping",
  { skip, timeout: 60_000 },
  async () => {
    const relay = await startHomeRelay(true);
    const { status } = relay.out;
    try {
      assert.equal(status.inbound.via, "upnp", JSON.stringify(status.inbound));
      assert.equal(status.inbound.upnp.state, "mapped");
      assert.equal(status.url, `http://${EXTERNAL}:${status.inbound.upnp.externalPort}`);
      assert.match(
        mappings(),
        new RegExp(`--dport ${status.inbound.upnp.externalPort} -j DNAT`),
        "miniupnpd holds the mapping",
      );
      assert.deepEqual(probe(relay.out, [status.url]), [{ ok: true, segmentVerified: true }]);
    } finally {
      await relay.stop();
    }
    assert.doesNotMatch(mappings(), /DNAT/, "the mapping is removed on shutdown");
    assert.equal(probe(relay.out, [status.url])[0]!.ok, false);
  },
);

test(
  "without UPnP the relay is unreachable from the internet: the coordinator does not list it (pull-only)",
  { skip, timeout: 60_000 },
  async () => {
    miniupnpd!.kill("SIGTERM");
    if (miniupnpd!.exitCode === null)
      await new Promise((resolve) => miniupnpd!.once("exit", resolve));
    // The router has no UPnP now: the relay's mapping attempt fails and it keeps its local URL.
    const relay = await startHomeRelay(true);
    try {
      const { status } = relay.out;
      assert.equal(status.inbound.via, "local");
      assert.equal(status.inbound.upnp.state, "failed");
      const url = `http://${EXTERNAL}:${RELAY_PORT}`;
      const [result] = probe(relay.out, [url]);
      assert.equal(!result!.ok && result!.reason, "unreachable", url);
      const failed = { url, at: Date.now(), ok: false, reason: "unreachable" as const };
      const reachability = reachabilityOf(
        { url, probe: { ...failed, detail: null, segmentVerified: false } },
        { enabled: true, intervalMs: 60_000 },
      );
      assert.equal(reachability.listed, false);
    } finally {
      await relay.stop();
    }
  },
);
