import { Router } from "express";
import Stripe from "stripe";
import { Order } from "../models/order";
import { Inventory } from "../models/inventory";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY ?? "");
export const ordersRouter = Router();

ordersRouter.post("/", async (req, res) => {
  // Decrement stock line by line, then charge. Not atomic across documents.
  for (const line of req.body.lines) {
    await Inventory.updateOne({ sku: line.sku, onHand: { $gte: line.quantity } }, { $inc: { onHand: -line.quantity } });
  }
  const totalCents = req.body.lines.reduce((s: number, l: { quantity: number; unitPriceCents: number }) => s + l.quantity * l.unitPriceCents, 0);
  const intent = await stripe.paymentIntents.create({ amount: totalCents, currency: "eur" });
  const order = await Order.create({ ...req.body, totalCents, paymentIntentId: intent.id });
  res.status(201).json(order);
});
