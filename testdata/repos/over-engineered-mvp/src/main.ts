import { NestFactory } from "@nestjs/core";
import { Transport } from "@nestjs/microservices";
import { AppModule } from "./app.module";

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.connectMicroservice({ transport: Transport.KAFKA, options: { client: { brokers: [process.env.KAFKA_BROKER ?? "kafka:9092"] } } });
  await app.startAllMicroservices();
  await app.listen(3000);
}
bootstrap();
