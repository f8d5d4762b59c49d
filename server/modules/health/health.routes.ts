import { z } from "zod";
import type { App, AppContext } from "../../context.ts";
import { latestMigration } from "../../db/client.ts";

export async function healthRoutes(app: App, { database }: AppContext) {
  app.get(
    "/api/v1/health",
    {
      schema: {
        tags: ["health"],
        summary: "Liveness, the database in use and the latest applied migration",
        response: {
          200: z.object({
            status: z.literal("ok"),
            database: z.enum(["pglite", "postgresql"]),
            migration: z.string().nullable(),
          }),
        },
      },
    },
    async (_request, reply) => {
      reply.header("cache-control", "no-store");
      // PGlite lives in this process: if we answer, it is up, and querying it would only queue
      // behind a running import. A PostgreSQL server is asked, which also checks the connection.
      const migration = database.kind === "pglite" ? database.migration : await latestMigration(database.db);
      return { status: "ok" as const, database: database.kind, migration };
    },
  );
}
