import { NestFactory } from "@nestjs/core";
import { ValidationPipe } from "@nestjs/common";
import { DocumentBuilder, SwaggerModule } from "@nestjs/swagger";
import { AppModule } from "./app.module";

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.useGlobalPipes(new ValidationPipe({ whitelist: true }));
  const doc = SwaggerModule.createDocument(app, new DocumentBuilder().setTitle("Accounts").build());
  SwaggerModule.setup("docs", app, doc);
  await app.listen(3000);
}
bootstrap();
