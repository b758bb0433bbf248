/**
 * `npm run build:deb`: the Debian package streamrp2p-node (dpkg-deb): the linux single-file
 * binary as /usr/bin/streamrp2p-node, the hardened systemd unit streamrp2p-relay.service, the
 * example /etc/streamrp2p/relay.json (a conffile) and maintainer scripts that create the
 * streamrp2p system user. The files are in packaging/debian/.
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { chmod, copyFile, mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs, promisify } from "node:util";
import { NODE_VERSION } from "../../node/src/version.ts";
import { REPO_ROOT } from "./bundle-node.ts";

const exec = promisify(execFile);

const ARCHES = { amd64: "linux-x64", arm64: "linux-arm64" } as const;
type Arch = keyof typeof ARCHES;

const HELP = `usage: npm run build:deb [-- --arch amd64|arm64] [-- --binary FILE] [-- --out DIR]

Builds dist/deb/streamrp2p-node_${NODE_VERSION}_<arch>.deb with dpkg-deb from the single-file binary
(dist/node/streamrp2p-node-linux-x64 or -linux-arm64; built first with npm run build:node if
missing) and packaging/debian/.

  --arch ARCH     amd64 (default) or arm64
  --binary FILE   the binary to package (default: the one in dist/node for ARCH)
  --out DIR       output directory (default dist/deb)
  -h, --help      this help

Installs /usr/bin/streamrp2p-node, /usr/lib/systemd/system/streamrp2p-relay.service,
/etc/streamrp2p/relay.json (conffile) and a streamrp2p system user (postinst).
`;

const { values } = parseArgs({
  options: {
    arch: { type: "string", default: "amd64" },
    binary: { type: "string" },
    out: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
if (!Object.hasOwn(ARCHES, values.arch)) {
  process.stderr.write(`unknown --arch ${values.arch}\n\n${HELP}`);
  process.exit(2);
}
const arch = values.arch as Arch;
const say = (line: string) => process.stdout.write(`[build:deb] ${line}\n`);

const platform = ARCHES[arch];
const binary = resolve(values.binary ?? join(REPO_ROOT, `dist/node/streamrp2p-node-${platform}`));
if (!existsSync(binary)) {
  if (values.binary) {
    process.stderr.write(`no such binary: ${binary}\n`);
    process.exit(2);
  }
  say(`${binary} missing: building it`);
  await exec(
    process.execPath,
    [join(REPO_ROOT, "scripts/build/build-node.ts"), "--platforms", platform],
    { cwd: REPO_ROOT, maxBuffer: 16 << 20 },
  );
}

const source = join(REPO_ROOT, "packaging/debian");
const out = resolve(values.out ?? join(REPO_ROOT, "dist/deb"));
const root = await mkdtemp(join(tmpdir(), "streamrp2p-deb-"));
try {
  const put = async (from: string, to: string, mode: number) => {
    await mkdir(join(root, to, ".."), { recursive: true });
    await copyFile(from, join(root, to));
    await chmod(join(root, to), mode);
  };
  await put(binary, "usr/bin/streamrp2p-node", 0o755);
  await put(
    join(source, "streamrp2p-relay.service"),
    "usr/lib/systemd/system/streamrp2p-relay.service",
    0o644,
  );
  await put(join(source, "relay.json"), "etc/streamrp2p/relay.json", 0o644);
  await put(join(REPO_ROOT, "node/README.md"), "usr/share/doc/streamrp2p-node/README.md", 0o644);
  for (const script of ["postinst", "prerm", "postrm"]) {
    await put(join(source, script), `DEBIAN/${script}`, 0o755);
  }
  await writeFile(join(root, "DEBIAN/conffiles"), "/etc/streamrp2p/relay.json\n");
  const installedKb = Math.ceil((await stat(binary)).size / 1024);
  const description = readFileSync(join(REPO_ROOT, "node/package.json"), "utf8");
  const summary = (JSON.parse(description) as { description: string }).description;
  await writeFile(
    join(root, "DEBIAN/control"),
    [
      "Package: streamrp2p-node",
      `Version: ${NODE_VERSION}`,
      `Architecture: ${arch}`,
      "Maintainer: StreamrP2P <streamrp2p@users.noreply.github.com>",
      `Installed-Size: ${installedKb}`,
      "Depends: passwd",
      "Recommends: systemd",
      "Suggests: ffmpeg",
      "Section: net",
      "Priority: optional",
      "Description: StreamrP2P node: relay live streams and get paid for the bytes",
      ` ${summary}`,
      " A single-file build of the node CLI (no Node.js needed) and a hardened systemd",
      " unit, streamrp2p-relay, that runs a relay as the streamrp2p system user.",
      "",
    ].join("\n"),
  );
  await mkdir(out, { recursive: true });
  const deb = join(out, `streamrp2p-node_${NODE_VERSION}_${arch}.deb`);
  say(`packing ${binary} into ${deb}`);
  await chmod(root, 0o755);
  // gzip, not zstd: installable on Debian 11 and older Ubuntu; level 6 packs 130 MB fast.
  await exec("dpkg-deb", ["--root-owner-group", "-Zgzip", "-z6", "--build", root, deb]);
  say(`wrote ${deb} (${((await stat(deb)).size / 1e6).toFixed(1)} MB)`);
} finally {
  await rm(root, { recursive: true, force: true });
}
