import { Router } from "express";
import { z } from "zod";
import { pool, cache } from "../db";

export const ordersRouter = Router();

const NewOrder = z.object({ sku: z.string(), quantity: z.number().int().positive() });

ordersRouter.get("/:id", async (req, res) => {
  const hit = await cache.get(`order:${req.params.id}`);
  if (hit) return res.json(JSON.parse(hit));
  const { rows } = await pool.query("SELECT * FROM orders WHERE id = $1", [req.params.id]);
  if (!rows[0]) return res.sendStatus(404);
  await cache.set(`order:${req.params.id}`, JSON.stringify(rows[0]), "EX", 60);
  res.json(rows[0]);
});

ordersRouter.post("/", async (req, res) => {
  const body = NewOrder.parse(req.body);
  const { rows } = await pool.query("INSERT INTO orders (sku, quantity) VALUES ($1, $2) RETURNING *", [body.sku, body.quantity]);
  res.status(201).json(rows[0]);
});
