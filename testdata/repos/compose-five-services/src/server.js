import Fastify from "fastify";
import amqp from "amqplib";

const app = Fastify({ logger: true });
await app.register(import("@fastify/jwt"), { secret: process.env.JWT_SECRET });
const conn = await amqp.connect(process.env.AMQP_URL);
const channel = await conn.createChannel();
await channel.assertQueue("notifications");

app.get("/healthz", async () => ({ ok: true }));
app.post("/notify", { onRequest: [(req) => req.jwtVerify()] }, async (req) => {
  channel.sendToQueue("notifications", Buffer.from(JSON.stringify(req.body)));
  return { queued: true };
});
await app.listen({ host: "0.0.0.0", port: 3000 });
