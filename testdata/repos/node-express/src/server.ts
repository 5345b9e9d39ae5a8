import express from "express";
import helmet from "helmet";
import pinoHttp from "pino-http";
import passport from "passport";
import { ordersRouter } from "./routes/orders";
import { jwtStrategy } from "./auth";

const app = express();
app.use(helmet());
app.use(express.json());
app.use(pinoHttp());
passport.use(jwtStrategy);

app.get("/healthz", (_req, res) => res.send("ok"));
app.use("/orders", passport.authenticate("jwt", { session: false }), ordersRouter);

const port = Number(process.env.PORT ?? 3000);
app.listen(port, () => console.log(`orders-api listening on ${port}`));
