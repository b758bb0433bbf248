/** Whether a verified release should replace the running version: a pure decision. */
import {
  compareVersions,
  type ReleaseManifest,
  type ReleasePlatform,
} from "@streamrp2p/protocol/release-manifest";

export type UpdatePlan =
  | { action: "update"; version: string; url: string; sha256: string }
  | { action: "stay"; reason: string };

export interface PlanInput {
  current: string;
  manifest: ReleaseManifest;
  platform: ReleasePlatform;
  /** --pin-version: run exactly this version; only a release of it is installed. */
  pin: string | undefined;
  /** Versions that failed here (hash or health) since this process started. */
  refused: ReadonlySet<string>;
}

export function planUpdate({ current, manifest, platform, pin, refused }: PlanInput): UpdatePlan {
  const { version } = manifest;
  if (version === current) return { action: "stay", reason: `${current} is current` };
  if (pin !== undefined && version !== pin)
    return { action: "stay", reason: `pinned to ${pin}; the coordinator advertises ${version}` };
  if (pin === undefined && compareVersions(version, current) < 0)
    return { action: "stay", reason: `the advertised ${version} is older than ${current}` };
  if (refused.has(version))
    return {
      action: "stay",
      reason: `${version} failed here before; not tried again until restart`,
    };
  const asset = manifest.platforms[platform];
  if (!asset) return { action: "stay", reason: `release ${version} has no ${platform} binary` };
  return { action: "update", version, url: asset.url, sha256: asset.sha256 };
}
