import { describe, expect, it } from "vitest";
import { deployment } from "../test/fixtures.ts";
import { findDeployment } from "./findDeployment.ts";

describe("findDeployment", () => {
  it("finds the chain's contracts or nothing", () => {
    expect(findDeployment(31337, { 31337: deployment })).toBe(deployment);
    expect(findDeployment(1, { 31337: deployment })).toBeUndefined();
  });
});
