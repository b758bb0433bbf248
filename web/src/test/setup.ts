import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";

// Lazy pages and the shared CI machine can take more than the default second to settle.
configure({ asyncUtilTimeout: 8_000 });

afterEach(() => {
  if (typeof document !== "undefined") cleanup();
});
