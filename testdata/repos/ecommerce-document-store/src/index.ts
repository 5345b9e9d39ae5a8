import express from "express";
import mongoose from "mongoose";
import passport from "passport";
import { ordersRouter } from "./routes/orders";

async function main() {
  await mongoose.connect(process.env.MONGODB_URI ?? "mongodb://localhost:27017/storefront");
  const app = express();
  app.use(express.json());
  app.use(passport.initialize());
  app.use("/orders", ordersRouter);
  app.listen(Number(process.env.PORT ?? 3000));
}

main();
