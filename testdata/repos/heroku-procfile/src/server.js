const express = require("express");
const session = require("express-session");
const RedisStore = require("connect-redis").default;
const { createClient } = require("redis");
const Queue = require("bull");
const knex = require("knex")(require("../knexfile").production);

const redis = createClient({ url: process.env.REDIS_URL });
redis.connect();
const clicks = new Queue("clicks", process.env.REDIS_URL);
const app = express();
app.use(session({ store: new RedisStore({ client: redis }), secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));

app.get("/:slug", async (req, res) => {
  const link = await knex("links").where({ slug: req.params.slug }).first();
  if (!link) return res.sendStatus(404);
  clicks.add({ slug: link.slug });
  res.redirect(302, link.target);
});

app.listen(process.env.PORT || 3000);
