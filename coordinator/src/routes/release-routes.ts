/** The current node release, for relays' auto-update (node/src/update/). */
import { readFile } from "node:fs/promises";
import { releaseManifest } from "@streamrp2p/protocol/release-manifest";
import { ApiError } from "../errors.ts";
import { defineRoute, type Route } from "../http/route.ts";
import type { Services } from "../services.ts";

export function releaseRoutes(services: Services): Route[] {
  const file = services.config.releaseManifestFile;
  return [
    defineRoute({
      method: "get",
      path: "/v1/releases/current",
      operationId: "getCurrentRelease",
      summary:
        "The signed release manifest of RELEASE_MANIFEST_FILE, as `npm run release:sign` wrote it: version, per-platform download URL and SHA-256, and the release key's Ed25519 signature. Relays verify the signature with the public key built into them; the coordinator only relays the file (read on each request) and cannot forge a release.",
      tag: "releases",
      response: {
        status: 200,
        description: "The current release.",
        schema: releaseManifest,
      },
      errors: ["NO_RELEASE"],
      async handler({ log }) {
        if (file === undefined) throw new ApiError("NO_RELEASE", "no release is advertised");
        let json: unknown;
        try {
          json = JSON.parse(await readFile(file, "utf8"));
        } catch (error) {
          log.error({ err: error, file }, "cannot read RELEASE_MANIFEST_FILE as JSON");
          throw new ApiError("NO_RELEASE", "the release manifest cannot be read");
        }
        const parsed = releaseManifest.safeParse(json);
        if (!parsed.success) {
          log.error({ file, issues: parsed.error.issues }, "RELEASE_MANIFEST_FILE is malformed");
          throw new ApiError("NO_RELEASE", "the release manifest is malformed");
        }
        return { status: 200, body: parsed.data, headers: { "cache-control": "no-cache" } };
      },
    }),
  ];
}
