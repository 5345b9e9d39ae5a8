exports.up = (knex) =>
  knex.schema.createTable("links", (t) => {
    t.string("slug").primary();
    t.text("target").notNullable();
    t.integer("clicks").notNullable().defaultTo(0);
    t.timestamps(true, true);
  });

exports.down = (knex) => knex.schema.dropTable("links");
