import fs from "node:fs";
import { Command, CommanderError, Option } from "commander";
import { sql } from "drizzle-orm";
import { roleNames } from "../../common/permissions.ts";
import { email as emailSchema, password as passwordSchema } from "../../common/schemas/users.ts";
import { buildApp } from "../app.ts";
import { distributionSql, referenceTables } from "../db/citus.ts";
import { type Database, openDatabase } from "../db/client.ts";
import { loadEnv } from "../env.ts";
import { AppError } from "../errors.ts";
import { mailerFor, noMailer } from "../mail.ts";
import { systemActor } from "../modules/audit/audit.service.ts";
import { requestPasswordReset } from "../modules/auth/auth.service.ts";
import { randomPassword } from "../modules/auth/secrets.ts";
import { importGazetteer } from "../modules/locations/gazetteer-import.ts";
import { parseBoundariesGeoJson, parseGazetteerCsv } from "../modules/locations/gazetteer-parse.ts";
import { getResponseBySlug } from "../modules/responses/responses.service.ts";
import { createUser } from "../modules/users/users.service.ts";
import { type DemoAccount, isEmpty, removeDemo, seedDemo } from "../seed/seed-demo.ts";
import { registerExportCommands } from "./export-activities.ts";
import { registerImportActivities } from "./import-activities.ts";

/** Exit codes: 0 success, 1 invalid input (readable message), 2 usage error. */
class InputError extends Error {}

async function withDatabase<T>(run: (database: Database) => Promise<T>): Promise<T> {
  const env = loadEnv();
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  try {
    await database.migrate();
    return await run(database);
  } finally {
    await database.close();
  }
}

function printAccounts(accounts: DemoAccount[]) {
  const lines = accounts.map((a) => `  ${a.role.padEnd(20)} ${a.email.padEnd(36)} ${a.password}`);
  console.log(
    [
      "",
      "Demo accounts (passwords are shown this once; reset with `intersector user reset-password`):",
      ...lines,
      "",
    ].join("\n"),
  );
}

const program = new Command()
  .name("intersector")
  .description("Intersector: inter-sector coordination portal")
  .exitOverride()
  .showHelpAfterError();

program
  .command("serve")
  .description("Migrate, seed the demo on an empty database, and serve the portal")
  .option("--no-demo", "do not seed the demo data (production)")
  .action(async (options: { demo: boolean }) => {
    const env = loadEnv();
    const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
    await database.migrate();
    if (options.demo && (await isEmpty(database.db))) printAccounts(await seedDemo(database.db));
    const app = await buildApp({ database, env, mailer: await mailerFor(env, console) });
    const stop = async () => {
      await app.close();
      await database.close();
      process.exit(0);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    try {
      await app.listen({ port: env.PORT, host: env.HOST });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
      await database.close();
      throw new InputError(
        `Port ${env.PORT} is already in use. Stop what is using it, or set PORT to another port.`,
      );
    }
    console.log(
      `Intersector is serving at http://localhost:${env.PORT} (${database.kind}${database.kind === "pglite" ? `, data in ${env.DATA_DIR}` : ""})`,
    );
  });

program
  .command("migrate")
  .description("Apply pending database migrations")
  .action(() => withDatabase(async () => console.log("Migrations applied.")));

program
  .command("seed")
  .description("Seed the demo responses and accounts")
  .option("--reset", "remove the demo responses and accounts first, then seed again")
  .action((options: { reset?: boolean }) =>
    withDatabase(async ({ db }) => {
      if (options.reset) await removeDemo(db);
      else if (!(await isEmpty(db)))
        throw new InputError("The database already holds responses; use `seed --reset` to rebuild the demo.");
      printAccounts(await seedDemo(db));
    }),
  );

const user = program.command("user").description("Manage accounts");
user
  .command("create")
  .description("Create an account; without --password a random one is printed")
  .requiredOption("--email <email>")
  .option("--name <name>", "display name (default: the e-mail's local part)")
  .addOption(new Option("--role <role>", "role").choices(["admin", ...roleNames]).makeOptionMandatory())
  .option("--response <slug>", "the response the role applies to (all roles but admin)")
  .option("--sector <id>", "sector id, for a sector coordinator")
  .option("--organisation <id>", "organisation id, for an organisation editor")
  .option("--password <password>", "at least 12 characters")
  .option("--json", "print the result as JSON")
  .action(
    (o: {
      email: string;
      name?: string;
      role: string;
      response?: string;
      sector?: string;
      organisation?: string;
      password?: string;
      json?: boolean;
    }) =>
      withDatabase(async ({ db }) => {
        const email = emailSchema.safeParse(o.email);
        if (!email.success) throw new InputError(`--email: ${o.email} is not an e-mail address.`);
        const password = o.password ?? randomPassword();
        if (!passwordSchema.safeParse(password).success)
          throw new InputError("--password must be at least 12 characters.");
        if (o.role !== "admin" && !o.response)
          throw new InputError(`--response is required for the role ${o.role}.`);
        const created = await createUser(db, systemActor, {
          email: email.data,
          name: o.name ?? email.data.split("@")[0]!,
          password,
          isAdmin: o.role === "admin",
          locale: "en",
          roles:
            o.role === "admin"
              ? []
              : [
                  {
                    responseSlug: o.response!,
                    role: o.role as (typeof roleNames)[number],
                    sectorId: o.sector ?? null,
                    organisationId: o.organisation ?? null,
                  },
                ],
        });
        if (o.json) console.log(JSON.stringify({ ...created, password: o.password ? undefined : password }));
        else
          console.log(`Created ${created.email} (${o.role}).${o.password ? "" : ` Password: ${password}`}`);
      }),
  );

user
  .command("reset-password")
  .description("Print a one-hour password reset link for an account")
  .requiredOption("--email <email>")
  .action((o: { email: string }) =>
    withDatabase(async ({ db }) => {
      const env = loadEnv();
      const token = await requestPasswordReset(db, noMailer, env.PUBLIC_URL, o.email);
      if (!token) throw new InputError(`No active account for ${o.email}.`);
      console.log(`${env.PUBLIC_URL}/reset-password?token=${token}`);
    }),
  );

const locationsCommand = program.command("locations").description("The location gazetteer");
locationsCommand
  .command("import")
  .description("Import a gazetteer CSV (code, name, parent, level) or GeoJSON boundaries")
  .requiredOption("--response <slug>")
  .requiredOption("--file <path>")
  .addOption(new Option("--format <format>").choices(["csv", "geojson"]))
  .option("--dry-run", "validate only; write nothing")
  .option("--code-property <name>", "GeoJSON property with the code")
  .option("--name-property <name>", "GeoJSON property with the name")
  .option("--parent-property <name>", "GeoJSON property with the parent's code or name")
  .option("--parent <code>", "one parent for every new GeoJSON feature")
  .option("--level <level>", "level of new GeoJSON features: 0-4 or a site type")
  .option("--json", "print the report as JSON")
  .action(
    (o: {
      response: string;
      file: string;
      format?: string;
      dryRun?: boolean;
      codeProperty?: string;
      nameProperty?: string;
      parentProperty?: string;
      parent?: string;
      level?: string;
      json?: boolean;
    }) =>
      withDatabase(async ({ db }) => {
        if (!fs.existsSync(o.file)) throw new InputError(`--file: ${o.file} does not exist.`);
        const bytes = fs.readFileSync(o.file);
        const response = await getResponseBySlug(db, o.response);
        const format = o.format ?? (/\.(geo)?json$/i.test(o.file) ? "geojson" : "csv");
        const parsed =
          format === "geojson"
            ? parseBoundariesGeoJson(bytes, {
                codeProperty: o.codeProperty,
                nameProperty: o.nameProperty,
                parentProperty: o.parentProperty,
                parentCode: o.parent,
                level: o.level,
              })
            : parseGazetteerCsv(bytes);
        const report = await importGazetteer(db, response.id, parsed, {
          dryRun: !!o.dryRun,
          actor: { id: null, label: "cli" },
        });
        if (o.json) console.log(JSON.stringify(report, null, 2));
        else {
          console.log(
            `${report.rows} rows: ${report.valid} valid, ${report.invalid} invalid; created ${report.created}, updated ${report.updated}, unchanged ${report.unchanged}${report.dryRun ? " (dry run)" : ""}.`,
          );
          for (const i of report.issues)
            console.log(
              `  ${i.severity} row ${i.row ?? "-"} ${i.column ?? ""}: ${i.message}${i.value ? ` [${i.value}]` : ""}`,
            );
        }
        if (report.issues.some((i) => i.severity === "error")) process.exitCode = 1;
      }),
  );

registerExportCommands(program, { withDatabase, InputError });

program
  .command("citus-sql")
  .description("Print the SQL that distributes the schema on a Citus coordinator (see docs/deployment.md)")
  .action(() =>
    withDatabase(async ({ db }) => {
      const result = await db.execute<{ table_name: string }>(sql`
        SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`);
      const reference = new Set<string>(referenceTables);
      process.stdout.write(
        distributionSql(result.rows.map((r) => r.table_name).filter((t) => !reference.has(t))),
      );
    }),
  );

program
  .command("bench")
  .description("Run the benchmarks and print figures (see bench/)")
  .action(async () => {
    const { runBenchmarks } = await import("../../bench/run.ts");
    await runBenchmarks();
  });

registerImportActivities(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exit(error.exitCode === 0 ? 0 : 2);
  }
  if (error instanceof InputError || error instanceof AppError) {
    console.error(`Error: ${error.message}`);
    if (error instanceof AppError) for (const d of error.details) console.error(`  ${d.path}: ${d.message}`);
    process.exit(1);
  }
  if (error instanceof Error && /^(Invalid configuration|The embedded database)/.test(error.message)) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
