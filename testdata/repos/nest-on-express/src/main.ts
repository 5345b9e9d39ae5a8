import { NestFactory } from '@nestjs/core';
import { StatsD } from 'hot-shots';
import { AppModule } from './app.module';

// Nest on its default platform: Express serves the requests.
async function bootstrap() {
  const metrics = new StatsD({ prefix: 'portfolio.' });
  const app = await NestFactory.create(AppModule);
  metrics.increment('boot');
  await app.listen(3333);
}
bootstrap();
