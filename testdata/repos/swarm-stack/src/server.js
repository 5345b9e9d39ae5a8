const fastify = require("fastify")();
const mqtt = require("mqtt");

const client = mqtt.connect(process.env.MQTT_URL);
client.on("message", (topic, payload) => fastify.log.info({ topic, size: payload.length }));
fastify.get("/health", async () => ({ ok: true }));
fastify.listen({ port: 3000, host: "0.0.0.0" });
