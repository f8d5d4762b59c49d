import fs from "node:fs";
import { type Command, Option } from "commander";
import { openDatabase } from "../db/client.ts";
import { loadEnv } from "../env.ts";
import { AppError } from "../errors.ts";
import { importActivities } from "../modules/activities-import/activities-import.service.ts";
import { refusedFileReport } from "../modules/activities-import/import-prepare.ts";
import { systemPrincipal } from "../modules/activities-import/import-types.ts";
import { getResponseBySlug } from "../modules/responses/responses.service.ts";

/**
 * `intersector import activities`: imports 4W records as a system actor with full rights.
 * Exit 0 when the report has no error, 1 when it has errors or the file cannot be read, 2 for usage.
 */
export function registerImportActivities(program: Command) {
  const importCommand =
    program.commands.find((c) => c.name() === "import") ??
    program.command("import").description("Import data from files");
  importCommand
    .command("activities")
    .description("Import 4W records from a CSV, XLSX or HXL file (validation report, idempotent)")
    .requiredOption("--response <slug>")
    .requiredOption("--file <path>")
    .option("--sheet <name>", "XLSX: the sheet to read")
    .addOption(new Option("--date-format <format>", "how slash dates are read").choices(["DMY", "MDY"]))
    .addOption(
      new Option("--mode <mode>", "all: any error writes nothing")
        .choices(["all", "valid-only"])
        .default("all"),
    )
    .option("--dry-run", "validate only; write nothing")
    .option("--submit", "submit the records written for review")
    .option("--json", "print the report as JSON")
    .action(
      async (o: {
        response: string;
        file: string;
        sheet?: string;
        dateFormat?: "DMY" | "MDY";
        mode: "all" | "valid-only";
        dryRun?: boolean;
        submit?: boolean;
        json?: boolean;
      }) => {
        if (!fs.existsSync(o.file)) {
          console.error(`Error: --file: ${o.file} does not exist.`);
          process.exitCode = 1;
          return;
        }
        const env = loadEnv();
        const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
        try {
          await database.migrate();
          const response = await getResponseBySlug(database.db, o.response);
          const report = await importActivities(database.db, response.id, o.file, {
            principal: systemPrincipal,
            actor: { id: null, label: "cli" },
            dryRun: !!o.dryRun,
            submit: !!o.submit,
            mode: o.mode,
            dateFormat: o.dateFormat,
            sheet: o.sheet,
          });
          if (o.json) console.log(JSON.stringify(report, null, 2));
          else {
            console.log(
              `${report.rows} rows: ${report.valid} valid, ${report.invalid} invalid; created ${report.created}, updated ${report.updated}, unchanged ${report.unchanged}${o.dryRun ? " (dry run)" : ""}.`,
            );
            for (const i of report.issues)
              console.log(
                `  ${i.severity} row ${i.row ?? "-"} ${i.column ?? ""}: ${i.message}${i.value ? ` [${i.value}]` : ""}`,
              );
          }
          if (report.issues.some((i) => i.severity === "error")) process.exitCode = 1;
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          // Scripts that asked for JSON read a report whatever happened: the refusal is its one issue.
          if (o.json) console.log(JSON.stringify(refusedFileReport(error), null, 2));
          else {
            console.error(`Error: ${error.message}`);
            for (const d of error.details) console.error(`  ${d.path}: ${d.message}`);
          }
          process.exitCode = 1;
        } finally {
          await database.close();
        }
      },
    );
}
