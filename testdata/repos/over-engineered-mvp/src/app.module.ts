import { Module } from "@nestjs/common";
import { SignupsController } from "./signups.controller";

@Module({ controllers: [SignupsController] })
export class AppModule {}
