const Queue = require("bull");
const knex = require("knex")(require("../knexfile").production);

new Queue("clicks", process.env.REDIS_URL).process(async (job) => {
  await knex("links").where({ slug: job.data.slug }).increment("clicks", 1);
});
