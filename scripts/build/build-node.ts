/**
 * `npm run build:node`: the node CLI as single-file executables (Node single executable
 * applications) for linux-x64, linux-arm64, win-x64 and darwin-x64, with a SHA256SUMS file.
 *
 *   1. esbuild bundles node/src/cli.ts into one CommonJS script (scripts/build/bundle-node.ts),
 *      which carries the relay's serve worker as code (`--workers N` runs it with `eval`);
 *   2. `node --experimental-sea-config` turns it into a preparation blob, made by a Node of the
 *      same version as the target's (no code cache, no snapshot: the blob is then the same for
 *      every OS and CPU);
 *   3. postject injects the blob into a copy of the official Node binary of each target, fetched
 *      from the npm registry (scripts/build/node-runtime.ts) and cached.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, existsSync, readFileSync } from "node:fs";
import { chmod, copyFile, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { basename, join, resolve } from "node:path";
import { parseArgs, promisify } from "node:util";
import { NODE_VERSION } from "../../node/src/version.ts";
import { bundleNodeCli, REPO_ROOT } from "./bundle-node.ts";
import { cacheDir, isPlatform, nodeBinary, PLATFORMS, type Platform } from "./node-runtime.ts";

const exec = promisify(execFile);

/** The fuse Node looks for to know a blob was injected (Node's SEA documentation). */
const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";
const ALL = Object.keys(PLATFORMS) as Platform[];

const HELP = `usage: npm run build:node [-- --platforms LIST] [-- --out DIR]

Builds the node CLI as single-file executables (Node single executable applications):
esbuild bundles node/src/cli.ts, and the bundle is injected (postject) into the official Node
binary of each platform, fetched from the npm registry and cached in ${cacheDir()}/node-dist.

  --platforms LIST   comma separated, from: ${ALL.join(", ")} (default: all)
  --out DIR          output directory (default dist/node)
  -h, --help         this help

Writes DIR/streamrp2p-node-<platform>[.exe] and DIR/SHA256SUMS (sha256sum -c format).
Node versions: ${ALL.map((p) => `${p} ${PLATFORMS[p].version}`).join(", ")}.
The darwin binary's Apple signature is invalid after injection: sign it ad hoc on the Mac
(codesign --force --sign - FILE). The registry has no current darwin-arm64 Node build.
`;

const { values } = parseArgs({
  options: {
    platforms: { type: "string" },
    out: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
const platforms = (values.platforms ?? ALL.join(","))
  .split(",")
  .map((p) => p.trim())
  .filter(Boolean);
const unknown = platforms.filter((p) => !isPlatform(p));
if (unknown.length > 0 || platforms.length === 0) {
  process.stderr.write(`unknown platform: ${unknown.join(", ") || "(none)"}\n\n${HELP}`);
  process.exit(2);
}
const targets = platforms.filter(isPlatform);

const started = Date.now();
const say = (line: string) =>
  process.stdout.write(`[build:node ${((Date.now() - started) / 1000).toFixed(1)}s] ${line}\n`);
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

const pkgVersion = (
  JSON.parse(readFileSync(join(REPO_ROOT, "node/package.json"), "utf8")) as { version: string }
).version;
if (pkgVersion !== NODE_VERSION) {
  process.stderr.write(
    `node/package.json version ${pkgVersion} != NODE_VERSION ${NODE_VERSION} (node/src/version.ts)\n`,
  );
  process.exit(1);
}

const out = resolve(values.out ?? join(REPO_ROOT, "dist/node"));
const work = join(out, ".build");
const cache = cacheDir();
await mkdir(work, { recursive: true });
for (const file of await readdir(out)) {
  if (file.startsWith("streamrp2p-node-") || file === "SHA256SUMS") await rm(join(out, file));
}

const bundle = await bundleNodeCli(join(work, "streamrp2p-node.cjs"));
say(
  `bundled node/src/cli.ts -> ${basename(bundle.outfile)} (${mb(bundle.bytes)}, serve worker ${(bundle.serveWorkerBytes / 1e3).toFixed(0)} kB)`,
);

const fetching = (what: string) => say(`fetching ${what} from the npm registry`);

/** A Node of `version` that runs here, to make the blob. */
async function blobMaker(version: string): Promise<string> {
  if (process.versions.node === version) return process.execPath;
  const host = `${process.platform}-${process.arch}`;
  if (host !== "linux-x64" && host !== "linux-arm64") {
    throw new Error(`a blob for Node ${version} needs Node ${version} on this ${host} host`);
  }
  return nodeBinary(`node-${host}`, version, "bin/node", cache, fetching);
}

const blobs = new Map<string, string>();
async function blobFor(version: string): Promise<string> {
  const known = blobs.get(version);
  if (known) return known;
  const blob = join(work, `sea-prep-${version}.blob`);
  const config = join(work, `sea-config-${version}.json`);
  await writeFile(
    config,
    JSON.stringify({
      main: bundle.outfile,
      output: blob,
      disableExperimentalSEAWarning: true,
      useSnapshot: false,
      useCodeCache: false,
    }),
  );
  await exec(await blobMaker(version), ["--experimental-sea-config", config]);
  say(`SEA blob for Node ${version}: ${mb((await readFile(blob)).length)}`);
  blobs.set(version, blob);
  return blob;
}

interface Postject {
  inject(
    file: string,
    resource: string,
    data: Buffer,
    options: { sentinelFuse: string; machoSegmentName?: string },
  ): Promise<void>;
}
const postject = createRequire(import.meta.url)("postject") as Postject;

async function sha256(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

const sums: string[] = [];
for (const platform of targets) {
  const spec = PLATFORMS[platform];
  const source = await nodeBinary(spec.pkg, spec.version, spec.binary, cache, fetching);
  const blob = await blobFor(spec.version);
  const target = join(out, `streamrp2p-node-${platform}${spec.ext}`);
  await copyFile(source, target);
  await chmod(target, 0o755);
  say(`${platform}: injecting into ${spec.pkg}@${spec.version}`);
  await postject.inject(target, "NODE_SEA_BLOB", await readFile(blob), {
    sentinelFuse: SEA_FUSE,
    ...(spec.macho ? { machoSegmentName: "NODE_SEA" } : {}),
  });
  if (platform === `${process.platform}-${process.arch}`) {
    const { stdout } = await exec(target, ["--version"], { env: { PATH: "/nonexistent" } });
    if (stdout.trim() !== NODE_VERSION) {
      throw new Error(`${target} --version printed '${stdout.trim()}', want ${NODE_VERSION}`);
    }
    say(`${platform}: runs here, --version ${stdout.trim()}`);
  }
  const digest = await sha256(target);
  sums.push(`${digest}  ${basename(target)}`);
  say(`${platform}: ${basename(target)} ${mb((await readFile(target)).length)} sha256 ${digest}`);
}
await writeFile(join(out, "SHA256SUMS"), `${sums.join("\n")}\n`);
say(`wrote ${join(out, "SHA256SUMS")} (${sums.length} binaries, node version ${NODE_VERSION})`);
if (existsSync(work)) await rm(work, { recursive: true, force: true });
