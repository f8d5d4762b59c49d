import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { Database } from "./db/client.ts";
import type { Env } from "./env.ts";
import type { Mailer } from "./mail.ts";

/** What every route module receives: the database, the configuration and the mail transport. */
export interface AppContext {
  database: Database;
  env: Env;
  mailer: Mailer;
}

/** Fastify typed by our zod schemas. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;
