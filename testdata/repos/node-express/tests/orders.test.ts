import request from "supertest";

describe("GET /healthz", () => {
  it("answers ok", async () => {
    const res = await request("http://localhost:3000").get("/healthz");
    expect(res.text).toBe("ok");
  });
});
