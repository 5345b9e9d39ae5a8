const Database = require("better-sqlite3");
const express = require("express");

const db = new Database("demo.db");
db.exec("CREATE TABLE IF NOT EXISTS orders (id INTEGER PRIMARY KEY, sku TEXT, quantity INTEGER)");
const app = express();
app.get("/orders", (_req, res) => res.json(db.prepare("SELECT * FROM orders").all()));
app.listen(4000);
