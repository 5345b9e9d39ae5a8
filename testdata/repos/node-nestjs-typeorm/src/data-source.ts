import { DataSource } from "typeorm";

export default new DataSource({
  type: "mysql",
  url: process.env.DATABASE_URL,
  entities: ["src/**/*.entity.ts"],
  migrations: ["src/migrations/*.ts"],
});
