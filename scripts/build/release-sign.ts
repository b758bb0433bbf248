/**
 * `npm run release:sign`: writes the signed release manifest for the binaries that
 * `npm run build:node` put in dist/node (their SHA256SUMS), for the coordinator's
 * RELEASE_MANIFEST_FILE. The Ed25519 private key never lives in the repository: it comes from
 * RELEASE_SIGNING_KEY (PKCS#8 PEM) or an encrypted PKCS#8 PEM file (--key-file, passphrase in
 * RELEASE_KEY_PASSPHRASE). `--keygen --key-file FILE` makes such a file and prints the public
 * key to put in node/src/update/release-key.ts.
 */
import { createHash, createPrivateKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { RELEASE_PLATFORMS, type ReleasePlatform } from "@streamrp2p/protocol/release-manifest";
import {
  signReleaseManifest,
  verifyReleaseManifest,
} from "../../node/src/update/release-signature.ts";
import { releasePublicKeyFrom, RELEASE_PUBLIC_KEY } from "../../node/src/update/release-key.ts";
import { NODE_VERSION } from "../../node/src/version.ts";
import { REPO_ROOT } from "./bundle-node.ts";

const HELP = `usage: npm run release:sign -- --base-url URL [--dist DIR] [--out FILE] [--key-file FILE]
       npm run release:sign -- --keygen --key-file FILE

Signs the release manifest of the binaries in DIR (default dist/node, with SHA256SUMS from
npm run build:node): version ${NODE_VERSION}, and per platform URL/<file name> and its SHA-256.
  --base-url URL   where the binaries will be downloaded from (https)
  --out FILE       default DIR/release.json; give it to the coordinator as RELEASE_MANIFEST_FILE
  --key-file FILE  encrypted PKCS#8 PEM private key (passphrase: RELEASE_KEY_PASSPHRASE);
                   without it, RELEASE_SIGNING_KEY holds an unencrypted PKCS#8 PEM key
  --keygen         make a new Ed25519 key in --key-file (encrypted with RELEASE_KEY_PASSPHRASE)
                   and print its public key for node/src/update/release-key.ts
The manifest is verified against the built-in release key before it is written.
`;

const { values } = parseArgs({
  options: {
    "base-url": { type: "string" },
    dist: { type: "string" },
    out: { type: "string" },
    "key-file": { type: "string" },
    keygen: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  },
});
const fail = (message: string): never => {
  process.stderr.write(`release:sign: ${message}\n`);
  process.exit(2);
};
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
const passphrase = process.env.RELEASE_KEY_PASSPHRASE;

if (values.keygen) {
  const file = values["key-file"] ?? fail("--keygen needs --key-file FILE");
  if (!passphrase || passphrase.length < 12) fail("set RELEASE_KEY_PASSPHRASE (12+ characters)");
  if (existsSync(file)) fail(`${file} exists; not overwriting a key`);
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  await writeFile(
    file,
    privateKey.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase }),
    { mode: 0o600 },
  );
  const spki = publicKey.export({ type: "spki", format: "der" }).toString("base64");
  process.stdout.write(`wrote ${file}\nRELEASE_PUBLIC_KEY = "${spki}"\n`);
  process.exit(0);
}

async function privateKey(): Promise<KeyObject> {
  const file = values["key-file"];
  try {
    if (file) {
      if (!passphrase) fail("--key-file needs RELEASE_KEY_PASSPHRASE");
      return createPrivateKey({ key: await readFile(file), format: "pem", passphrase });
    }
    const pem = process.env.RELEASE_SIGNING_KEY ?? fail("give --key-file or RELEASE_SIGNING_KEY");
    return createPrivateKey({ key: pem, format: "pem" });
  } catch (error) {
    return fail(`cannot read the private key: ${(error as Error).message}`);
  }
}

const baseUrl = (values["base-url"] ?? fail("--base-url is required")).replace(/\/$/, "");
const dist = resolve(values.dist ?? join(REPO_ROOT, "dist/node"));
const sums = await readFile(join(dist, "SHA256SUMS"), "utf8").catch(() =>
  fail(`no ${join(dist, "SHA256SUMS")}: run npm run build:node first`),
);
const platforms: Partial<Record<ReleasePlatform, { url: string; sha256: string }>> = {};
for (const line of sums.split("\n").filter(Boolean)) {
  const [digest, name] = line.split(/ {2}/) as [string, string];
  const platform = name.replace(/^streamrp2p-node-/, "").replace(/\.exe$/, "");
  if (!(RELEASE_PLATFORMS as readonly string[]).includes(platform)) fail(`unknown binary ${name}`);
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(join(dist, name))) hash.update(chunk as Buffer);
  if (hash.digest("hex") !== digest) fail(`${name} does not match SHA256SUMS: rebuild`);
  platforms[platform as ReleasePlatform] = {
    url: `${baseUrl}/${encodeURIComponent(name)}`,
    sha256: digest,
  };
}
const manifest = signReleaseManifest(
  { version: NODE_VERSION, publishedAt: new Date().toISOString(), platforms },
  await privateKey(),
);
try {
  verifyReleaseManifest(manifest, releasePublicKeyFrom(RELEASE_PUBLIC_KEY));
} catch (error) {
  fail(
    `${(error as Error).message}: this key is not the release key built into the binaries (node/src/update/release-key.ts)`,
  );
}
const out = resolve(values.out ?? join(dist, "release.json"));
await writeFile(out, `${JSON.stringify(manifest, null, 2)}\n`);
process.stdout.write(
  `wrote ${out}: version ${NODE_VERSION}, ${Object.keys(platforms).join(", ")}\n`,
);
