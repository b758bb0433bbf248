/**
 * The npm package: `npm pack` runs `prepack`, which bundles the CLI into dist/cli.cjs (compiled
 * JavaScript with the private workspace packages inside, since Node refuses to strip types under
 * node_modules). The tarball is installed into an empty prefix and run, and through `npx`.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { NODE_VERSION } from "../../node/src/version.ts";

const exec = promisify(execFile);
const REPO_ROOT = join(import.meta.dirname, "../..");

let scratch: string;
let tarball: string;
/** This Node first on PATH, as a user who installed Node 22+ has it. */
const env = (): NodeJS.ProcessEnv => ({
  ...process.env,
  PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
  npm_config_nodedir: undefined,
});

before(async () => {
  scratch = await mkdtemp(join(tmpdir(), "streamrp2p-npm-"));
  const { stdout } = await exec(
    "npm",
    ["pack", "--json", "--workspace", "@streamrp2p/node", "--pack-destination", scratch],
    { cwd: REPO_ROOT, env: env(), maxBuffer: 16 << 20 },
  );
  const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  assert.ok(packed);
  assert.deepEqual(packed.files.map((f) => f.path).sort(), [
    "README.md",
    "dist/cli.cjs",
    "package.json",
  ]);
  tarball = join(scratch, packed.filename);
});

after(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

test("the packed tarball installs into an empty prefix and runs compiled JavaScript", async () => {
  const prefix = join(scratch, "prefix");
  await exec(
    "npm",
    ["install", "--global", "--prefix", prefix, "--no-audit", "--no-fund", tarball],
    {
      env: env(),
    },
  );
  const bin = join(prefix, "bin/streamrp2p-node");
  const installed = join(prefix, "lib/node_modules/@streamrp2p/node");
  assert.deepEqual((await readdir(installed)).sort(), ["README.md", "dist", "package.json"]);
  const run = async (args: string[]) => (await exec(bin, args, { env: env() })).stdout;
  assert.equal((await run(["--version"])).trim(), NODE_VERSION);
  assert.match(await run(["relay", "--help"]), /usage: streamrp2p-node relay/);
});

test("npx runs the package's bin", async () => {
  const { stdout } = await exec(
    "npx",
    ["--yes", `--package=${tarball}`, "streamrp2p-node", "--version"],
    { cwd: scratch, env: env() },
  );
  assert.equal(stdout.trim(), NODE_VERSION);
});
