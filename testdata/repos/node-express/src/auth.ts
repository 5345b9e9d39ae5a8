import { ExtractJwt, Strategy } from "passport-jwt";

export const jwtStrategy = new Strategy(
  { jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: process.env.JWT_SECRET ?? "" },
  (payload, done) => done(null, { id: payload.sub }),
);
