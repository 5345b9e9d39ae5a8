import amqp from "amqplib";
import pg from "pg";

const db = new pg.Pool({ connectionString: process.env.DATABASE_URL });
const conn = await amqp.connect(process.env.AMQP_URL);
const ch = await conn.createChannel();
await ch.consume("notifications", async (msg) => {
  await db.query("INSERT INTO deliveries (payload) VALUES ($1)", [msg.content.toString()]);
  ch.ack(msg);
});
