import fs from "node:fs";
import { type Command, Option } from "commander";
import type { Database } from "../db/client.ts";
import {
  type ExportFormat,
  exportFormats,
  writeActivitiesExport,
} from "../modules/activities-export/activities-export.ts";
import { getResponseBySlug } from "../modules/responses/responses.service.ts";

interface Helpers {
  withDatabase: <T>(run: (database: Database) => Promise<T>) => Promise<T>;
  /** The error class main.ts turns into exit code 1. */
  InputError: new (
    message: string,
  ) => Error;
}

const month = /^\d{4}-(0[1-9]|1[0-2])$/;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `intersector export activities`: the whole filtered 4W list of a response as CSV, HXL, XLSX or
 * JSON, streamed to a file or stdout. The operator sees every record (sensitive locations too).
 * Exit 2 for a usage error (xlsx to a terminal or pipe), 1 for invalid input.
 */
export function registerExportCommands(program: Command, { withDatabase, InputError }: Helpers) {
  const exportCommand = program.command("export").description("Export data");
  exportCommand
    .command("activities")
    .description("Export the 4W activity records of a response (streamed)")
    .requiredOption("--response <slug>")
    .addOption(new Option("--format <format>").choices([...exportFormats]).makeOptionMandatory())
    .option("--out <file>", "write to this file (default: stdout; required for xlsx)")
    .option("--sector <code>", "only this sector (or sub-sector)")
    .option("--organisation <id>", "only records this organisation reports or implements")
    .option("--from <YYYY-MM>", "first reporting month")
    .option("--to <YYYY-MM>", "last reporting month")
    .action(
      async (o: {
        response: string;
        format: ExportFormat;
        out?: string;
        sector?: string;
        organisation?: string;
        from?: string;
        to?: string;
      }) => {
        if (o.format === "xlsx" && !o.out) {
          console.error("error: --format xlsx needs --out <file> (a workbook is not written to stdout)");
          process.exitCode = 2;
          return;
        }
        if (o.from && !month.test(o.from)) throw new InputError(`--from: ${o.from} is not a YYYY-MM month.`);
        if (o.to && !month.test(o.to)) throw new InputError(`--to: ${o.to} is not a YYYY-MM month.`);
        if (o.from && o.to && o.from > o.to) throw new InputError("--to must not be before --from.");
        if (o.organisation && !uuid.test(o.organisation))
          throw new InputError(`--organisation: ${o.organisation} is not an organisation id.`);
        await withDatabase(async ({ db }) => {
          const response = await getResponseBySlug(db, o.response);
          const filter = { sector: o.sector, organisation: o.organisation, from: o.from, to: o.to };
          const scope = { all: true, organisationIds: [], sectorIds: [], includeSensitive: true };
          const out = o.out ? fs.createWriteStream(o.out) : process.stdout;
          try {
            await writeActivitiesExport(db, response.id, filter, scope, o.format, out);
          } catch (error) {
            if (o.out) fs.rmSync(o.out, { force: true });
            throw error;
          }
          if (o.out) console.error(`Wrote ${o.out} (${fs.statSync(o.out).size} bytes).`);
        });
      },
    );
}
