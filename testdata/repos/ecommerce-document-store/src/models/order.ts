import { Schema, model } from "mongoose";

const OrderSchema = new Schema({
  customerId: { type: Schema.Types.ObjectId, ref: "Customer", required: true },
  lines: [{ sku: String, quantity: Number, unitPriceCents: Number }],
  totalCents: { type: Number, required: true },
  paymentIntentId: String,
  status: { type: String, enum: ["pending", "paid", "shipped", "refunded"], default: "pending" },
}, { timestamps: true });

export const Order = model("Order", OrderSchema);
