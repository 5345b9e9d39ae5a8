import { describe, expect, it } from "vitest";

describe("create", () => {
  it("is a function", async () => {
    const mod = await import("../src/handlers/create");
    expect(typeof mod.handler).toBe("function");
  });
});
