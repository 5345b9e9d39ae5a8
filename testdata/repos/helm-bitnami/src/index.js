const Koa = require("koa");
const Router = require("@koa/router");
const bodyParser = require("koa-bodyparser");
const { Queue } = require("bullmq");
const knex = require("knex")(require("../knexfile").production);

const queue = new Queue("orders", { connection: { host: process.env.REDIS_HOST } });
const router = new Router();
router.get("/healthz", (ctx) => { ctx.body = "ok"; });
router.post("/orders", async (ctx) => {
  const [order] = await knex("orders").insert(ctx.request.body).returning("*");
  await queue.add("confirm", { id: order.id });
  ctx.status = 201;
  ctx.body = order;
});
new Koa().use(bodyParser()).use(router.routes()).listen(3000);
