import { defineConfig } from "drizzle-kit";

// Generates reviewed SQL migrations from the schema: `npm run db:generate`.
export default defineConfig({
  dialect: "postgresql",
  schema: "./server/db/schema/*.ts",
  out: "./server/db/migrations",
});
