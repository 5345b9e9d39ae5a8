import { Test } from "@nestjs/testing";
import { TypeOrmModule } from "@nestjs/typeorm";
import { UsersModule } from "../src/users/users.module";

describe("users (e2e)", () => {
  it("boots against sqlite", async () => {
    const mod = await Test.createTestingModule({
      imports: [TypeOrmModule.forRoot({ type: "sqlite", database: ":memory:", autoLoadEntities: true, synchronize: true }), UsersModule],
    }).compile();
    expect(mod).toBeDefined();
  });
});
