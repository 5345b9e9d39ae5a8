import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateUsers1714557600000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE TABLE users (id char(36) PRIMARY KEY, email varchar(255) UNIQUE NOT NULL, createdAt datetime NOT NULL DEFAULT CURRENT_TIMESTAMP)");
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP TABLE users");
  }
}
