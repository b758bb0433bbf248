/** Deploys the contracts to a local chain in a child process and returns the deployment file. */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { deploymentFile, type DeploymentFile } from "../deploy/deployment-file.ts";
import { REPO_ROOT } from "./chain.ts";

export function deployLocal({
  rpcUrl,
  attestors,
}: {
  rpcUrl: string;
  attestors: string[];
}): DeploymentFile {
  const args = [
    "scripts/deploy/deploy.ts",
    "--network",
    "localhost",
    ...attestors.flatMap((a) => ["--attestor", a]),
  ];
  const run = spawnSync(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, LOCAL_CHAIN_URL: rpcUrl },
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`deploy failed:\n${run.stdout}\n${run.stderr}`);
  const file = JSON.parse(readFileSync(path.join(REPO_ROOT, "deployments/31337.json"), "utf8"));
  return deploymentFile.parse(file);
}
