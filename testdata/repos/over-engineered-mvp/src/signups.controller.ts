import { Body, Controller, Post } from "@nestjs/common";
import { PrismaClient } from "@prisma/client";

const prisma = new PrismaClient();

@Controller("signups")
export class SignupsController {
  @Post()
  create(@Body() body: { email: string }) {
    return prisma.signup.create({ data: { email: body.email } });
  }
}
