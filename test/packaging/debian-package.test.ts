/**
 * The Debian package on this machine: `npm run build:deb` packs the linux-x64 binary, and
 * `dpkg -i` installs it with the streamrp2p system user, the conffile and the systemd unit.
 * PID 1 here is not systemd, so the unit cannot be started: the test runs the unit's ExecStart
 * line as its User, with its EnvironmentFile and WorkingDirectory (what systemd would do, less
 * the sandboxing), and that relay serves a live stream. `dpkg -r` and `dpkg -P` clean up.
 * Needs root and dpkg; skipped otherwise.
 */
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chown, mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import {
  CHAIN_ID,
  OPERATOR_KEYS,
  STAKING_ADDRESS,
  waitForSegments,
} from "../../scripts/lib/live-stack.ts";
import { freePort, spawnService, stopAll, waitUntil } from "../../scripts/lib/service.ts";
import {
  assertRelaysVerifiedSegment,
  startLiveOrigin,
  type LiveOrigin,
} from "../e2e/helpers/live-origin.ts";

const exec = promisify(execFile);
const REPO_ROOT = join(import.meta.dirname, "../..");
const UNIT = "/usr/lib/systemd/system/streamrp2p-relay.service";
const CONFIG = "/etc/streamrp2p/relay.json";
const KEY_FILE = "/etc/streamrp2p/relay.env";

function has(command: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const skip =
  process.getuid?.() !== 0
    ? "needs root: it installs the package with dpkg -i"
    : !has("dpkg-deb") || !has("runuser")
      ? "needs dpkg-deb and runuser (Debian)"
      : false;

async function installed(): Promise<boolean> {
  try {
    const { stdout } = await exec("dpkg-query", ["-W", "-f=${Status}", "streamrp2p-node"]);
    return stdout.includes("install ok installed") || stdout.includes("config-files");
  } catch {
    return false;
  }
}

/** The [Service] settings of the installed unit (last value wins, as in systemd). */
async function unitSettings(): Promise<Map<string, string>> {
  const settings = new Map<string, string>();
  for (const line of (await readFile(UNIT, "utf8")).split("\n")) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (match) settings.set(match[1]!, match[2]!);
  }
  return settings;
}

/** Runs the unit's ExecStart as its User with the EnvironmentFile, as systemd would. */
async function execStartArgs(): Promise<{ args: string[]; cwd: string }> {
  const unit = await unitSettings();
  const envFile = unit.get("EnvironmentFile")!.replace(/^-/, "");
  const env = existsSync(envFile)
    ? (await readFile(envFile, "utf8")).split("\n").filter((l) => /^[A-Z_]+=/.test(l))
    : [];
  return {
    args: [
      "-u",
      unit.get("User")!,
      "--",
      "env",
      "-i",
      ...env,
      ...unit.get("ExecStart")!.split(" "),
    ],
    cwd: unit.get("WorkingDirectory")!,
  };
}

describe("the Debian package", { skip }, () => {
  let scratch: string;
  let deb: string;
  let live: LiveOrigin | undefined;

  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), "streamrp2p-deb-test-"));
    if (await installed()) await exec("dpkg", ["--purge", "streamrp2p-node"]);
    const dist = join(scratch, "dist");
    await exec(
      process.execPath,
      ["scripts/build/build-node.ts", "--platforms", "linux-x64", "--out", dist],
      { cwd: REPO_ROOT, maxBuffer: 16 << 20 },
    );
    await exec(
      process.execPath,
      [
        "scripts/build/build-deb.ts",
        "--binary",
        join(dist, "streamrp2p-node-linux-x64"),
        "--out",
        scratch,
      ],
      { cwd: REPO_ROOT },
    );
    deb = join(scratch, "streamrp2p-node_0.1.0_amd64.deb");
  });

  after(async () => {
    await stopAll();
    await live?.stop();
    if (await installed()) await exec("dpkg", ["--purge", "streamrp2p-node"]);
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  test("dpkg -i installs the binary, the streamrp2p system user, the conffile and the unit", async () => {
    await exec("dpkg", ["-i", deb]);
    assert.equal(
      (await exec("/usr/bin/streamrp2p-node", ["--version"], { env: { PATH: "/nonexistent" } }))
        .stdout,
      "0.1.0\n",
    );
    const [, , uid, , , home, shell] = (await exec("getent", ["passwd", "streamrp2p"])).stdout
      .trim()
      .split(":");
    assert.ok(Number(uid) < 1000, `a system uid, got ${uid}`);
    assert.equal(home, "/var/lib/streamrp2p");
    assert.equal(shell, "/usr/sbin/nologin");
    const { stdout: conffiles } = await exec("dpkg-query", [
      "-W",
      "-f=${Conffiles}",
      "streamrp2p-node",
    ]);
    assert.match(conffiles, /\/etc\/streamrp2p\/relay\.json [0-9a-f]{32}/);
    const config = await stat(CONFIG);
    assert.equal(config.mode & 0o777, 0o640);
    assert.equal(config.gid, Number((await exec("id", ["-g", "streamrp2p"])).stdout));

    const unit = await unitSettings();
    assert.equal(unit.get("User"), "streamrp2p");
    assert.equal(
      unit.get("ExecStart"),
      "/usr/bin/streamrp2p-node relay --config /etc/streamrp2p/relay.json",
    );
    for (const [key, value] of [
      ["ProtectSystem", "strict"],
      ["ProtectHome", "yes"],
      ["NoNewPrivileges", "yes"],
      ["PrivateTmp", "yes"],
      ["StateDirectory", "streamrp2p"],
      ["Restart", "on-failure"],
    ]) {
      assert.equal(unit.get(key!), value, key);
    }
    if (has("systemd-analyze")) await exec("systemd-analyze", ["verify", "--man=no", UNIT]);
  });

  test("the shipped example config is refused naming what to set (exit 2: no restart loop)", async () => {
    const { args, cwd } = await execStartArgs();
    await mkdir(cwd, { recursive: true });
    const failure = await exec("runuser", args, { cwd }).then(
      () => assert.fail("the example config must not start a relay"),
      (error: { code: number; stderr: string }) => error,
    );
    assert.equal(failure.code, 2);
    for (const flag of ["--coordinator", "--chain-id", "--staking-address", "--upstream"]) {
      assert.match(failure.stderr, new RegExp(flag));
    }
  });

  test(
    "the unit's ExecStart, run as the streamrp2p user, relays a live stream",
    { timeout: 120_000 },
    async (t) => {
      live = await startLiveOrigin();
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      await writeFile(
        CONFIG,
        JSON.stringify({
          coordinatorUrl: live.coordinator.url,
          chainId: CHAIN_ID,
          stakingAddress: STAKING_ADDRESS,
          upstream: [live.origin.url],
          tier: 1,
          host: "127.0.0.1",
          httpPort: port,
          publicUrl: url,
          pollIntervalMs: 100,
          statusIntervalMs: 0,
          // This suite's coordinator is chainless (as the live-path e2e).
          insecureSkipOriginCheck: true,
        }),
      );
      await writeFile(KEY_FILE, `OPERATOR_PRIVATE_KEY=${OPERATOR_KEYS[0]}\n`, { mode: 0o640 });
      await chown(KEY_FILE, 0, Number((await exec("id", ["-g", "streamrp2p"])).stdout));
      const { args, cwd } = await execStartArgs();
      const uid = Number((await exec("id", ["-u", "streamrp2p"])).stdout);
      await chown(cwd, uid, uid);
      const service = spawnService("deb-relay", "runuser", args, { cwd });
      await waitUntil(
        "the packaged relay's /status",
        async () => (await fetch(`${url}/status`)).ok,
        {
          service,
          timeoutMs: 20_000,
        },
      );
      const { stdout: owner } = await exec("pgrep", [
        "-u",
        "streamrp2p",
        "-f",
        "/usr/bin/streamrp2p-node relay",
      ]);
      assert.ok(owner.trim(), "the relay runs as the streamrp2p user");

      live.publish(30);
      await waitForSegments(
        { service, url, relay: { address: "0x", url, tier: 1 }, fetch },
        2,
        45_000,
      );
      const { sequence, bytes } = await assertRelaysVerifiedSegment(live, url);
      t.diagnostic(`segment ${sequence} (${bytes} bytes) verified through the packaged relay`);
      await service.stop();
    },
  );

  test("dpkg -r keeps the edited config; dpkg -P removes it, the key file and the user", async () => {
    await exec("dpkg", ["-r", "streamrp2p-node"]);
    assert.equal(existsSync("/usr/bin/streamrp2p-node"), false);
    assert.equal(existsSync(UNIT), false);
    assert.equal(existsSync(CONFIG), true, "an edited conffile survives remove");
    await exec("dpkg", ["-P", "streamrp2p-node"]);
    assert.equal(existsSync(CONFIG), false);
    assert.equal(existsSync(KEY_FILE), false);
    assert.equal(existsSync("/etc/streamrp2p"), false);
    await assert.rejects(exec("getent", ["passwd", "streamrp2p"]));
  });
});
