const express = require("express");
const { Pool } = require("pg");

const db = new Pool({ connectionString: process.env.DATABASE_URL });
const app = express();
app.get("/notes", async (_req, res) => res.json((await db.query("select * from notes")).rows));
app.listen(process.env.PORT || 3000);
