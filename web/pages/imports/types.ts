import type { ImportPreview, ImportView } from "../../../common/schemas/activity-imports.ts";

export interface Uploaded {
  import: ImportView;
  preview: ImportPreview;
}
