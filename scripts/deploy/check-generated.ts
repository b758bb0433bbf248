/**
 * CI gate for the generated deployment files: redeploys to a fresh in-process chain and fails
 * if deployments/31337.json or deployments/index.ts differ from what is committed, so a
 * contract change without a regenerated deployment module cannot land.
 *
 *   node scripts/deploy/check-generated.ts     (fix with: npm run deploy:local -- --network hardhatOp)
 */
import { isDeepStrictEqual } from "node:util";
import { readFileSync } from "node:fs";
import path from "node:path";
import { deploy } from "./deploy.ts";
import { DEPLOYMENTS_DIR, renderModule } from "./generate-module.ts";

const committed = JSON.parse(readFileSync(path.join(DEPLOYMENTS_DIR, "31337.json"), "utf8"));
const fresh = JSON.parse(JSON.stringify(await deploy({ network: "hardhatOp", write: false })));
const problems: string[] = [];
if (!isDeepStrictEqual(committed, fresh)) problems.push("deployments/31337.json");
if (readFileSync(path.join(DEPLOYMENTS_DIR, "index.ts"), "utf8") !== renderModule()) {
  problems.push("deployments/index.ts");
}
if (problems.length > 0) {
  process.stderr.write(
    `stale generated files: ${problems.join(", ")}\n` +
      "regenerate with: node scripts/deploy/deploy.ts --network hardhatOp\n",
  );
  process.exit(1);
}
process.stdout.write("deployments/31337.json and deployments/index.ts match a fresh deploy\n");
