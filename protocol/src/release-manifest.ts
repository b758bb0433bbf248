/**
 * The signed release manifest: which node CLI version is current, and for each platform the
 * download URL and SHA-256 of its single-file binary. The coordinator serves it as it is
 * (GET /v1/releases/current); relays verify its Ed25519 signature against the release public
 * key built into them, then the downloaded binary's hash against the manifest.
 *
 * The signature covers `releaseManifestSigningBytes(manifest)`: a domain tag, a newline, and the
 * manifest without its signature as canonical JSON (object keys sorted, no whitespace).
 */
import { z } from "zod";

/** The platforms a binary is built for (scripts/build/node-runtime.ts). */
export const RELEASE_PLATFORMS = ["linux-x64", "linux-arm64", "win-x64", "darwin-x64"] as const;
export type ReleasePlatform = (typeof RELEASE_PLATFORMS)[number];

/** Prefixed to the signed bytes so a release signature cannot be replayed as another message. */
export const RELEASE_SIGNING_DOMAIN = "streamrp2p-release-manifest-v1";

export const releaseVersion = z
  .string()
  .regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/, "a semantic version like 1.2.3 or 1.2.3-rc.1");

export const releaseAsset = z
  .object({
    /** Where the binary is downloaded from (https in production; http allowed for tests). */
    url: z.url({ protocol: /^https?$/ }),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, "64 lowercase hex digits"),
  })
  .strict();

export const unsignedReleaseManifest = z
  .object({
    version: releaseVersion,
    /** ISO 8601 time of signing; informative. */
    publishedAt: z.iso.datetime(),
    platforms: z.partialRecord(z.enum(RELEASE_PLATFORMS), releaseAsset),
  })
  .strict();

export const releaseManifest = unsignedReleaseManifest
  .extend({
    /** Ed25519 signature (base64, 64 bytes) over releaseManifestSigningBytes. */
    signature: z.base64().refine((s) => Buffer.from(s, "base64").length === 64, "64 bytes"),
  })
  .strict();

export type UnsignedReleaseManifest = z.output<typeof unsignedReleaseManifest>;
export type ReleaseManifest = z.output<typeof releaseManifest>;

/** JSON with object keys sorted at every level and no whitespace. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The bytes the release key signs: the domain tag, "\n", the canonical unsigned manifest. */
export function releaseManifestSigningBytes(manifest: UnsignedReleaseManifest): Buffer {
  const { version, publishedAt, platforms } = manifest;
  return Buffer.from(
    `${RELEASE_SIGNING_DOMAIN}\n${canonicalJson({ version, publishedAt, platforms })}`,
    "utf8",
  );
}

/** -1, 0 or 1 as `a` is older than, the same as, or newer than `b` (semver precedence, simplified: a pre-release sorts before its release). */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const dash = v.indexOf("-");
    const core = dash < 0 ? v : v.slice(0, dash);
    return { parts: core.split(".").map(Number), pre: dash < 0 ? undefined : v.slice(dash + 1) };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) {
    const d = (x.parts[i] ?? 0) - (y.parts[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  if (x.pre === y.pre) return 0;
  if (x.pre === undefined) return 1;
  if (y.pre === undefined) return -1;
  return x.pre < y.pre ? -1 : 1;
}
