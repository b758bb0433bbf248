import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { ERROR_CODES } from "../../src/errors.ts";
import { VARIABLES } from "../../src/config.ts";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

describe("coordinator/README.md", () => {
  it("documents every error code with its status", () => {
    for (const [code, { status }] of Object.entries(ERROR_CODES)) {
      assert.match(readme, new RegExp(`\\|\\s*\`${code}\`\\s*\\|\\s*${status}\\s*\\|`), code);
    }
  });

  it("documents every configuration variable", () => {
    for (const v of VARIABLES)
      assert.match(readme, new RegExp(`\\|\\s*\`${v.env}\`\\s*\\|`), v.env);
  });
});
