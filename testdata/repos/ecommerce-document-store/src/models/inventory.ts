import { Schema, model } from "mongoose";

export const Inventory = model("Inventory", new Schema({ sku: { type: String, unique: true }, onHand: Number }));
