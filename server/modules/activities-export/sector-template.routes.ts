import { z } from "zod";
import type { App, AppContext } from "../../context.ts";
import { slugParams } from "../responses/responses.routes.ts";
import { getResponseBySlug } from "../responses/responses.service.ts";
import { buildSectorTemplate, loadTemplateLists } from "./sector-template.ts";

const params = slugParams.extend({ code: z.string().min(1).max(60) });

export async function sectorTemplateRoutes(app: App, { database: { db } }: AppContext) {
  app.get(
    "/api/v1/responses/:slug/sectors/:code/template.xlsx",
    {
      schema: {
        tags: ["activities"],
        summary: "The sector's 5W reporting template (XLSX)",
        description:
          "Public. A 5W sheet with the export's column names and HXL hashtags (a filled template imports with no mapping) and drop-down lists of today's organisations, the sector's activity types and indicators, locations (not retired, not sensitive), population groups, status, modality and reporting months; a Read me sheet.",
        params,
      },
    },
    async (request, reply) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const { sector, lists } = await loadTemplateLists(db, response, request.params.code);
      const bytes = await buildSectorTemplate(lists, {
        responseName: response.name,
        sectorCode: sector.code,
        sectorName: sector.name,
      });
      return reply
        .header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .header(
          "content-disposition",
          `attachment; filename="${response.slug}-${sector.code.replace(/[^\w.-]/g, "_")}-5w-template.xlsx"`,
        )
        .send(bytes);
    },
  );
}
