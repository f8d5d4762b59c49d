import type { TFunction } from "i18next";
import { documentTypes } from "../../../common/schemas/documents.ts";

/** Languages documents and stories are commonly written in, in these responses. */
export const contentLanguages = ["en", "bn", "my", "rhg"] as const;

export const languageOptions = (t: TFunction) =>
  contentLanguages.map((value) => ({ value, label: t(`documents.language.${value}`) }));

export const typeOptions = (t: TFunction) =>
  documentTypes.map((value) => ({ value, label: t(`documents.type.${value}`) }));

/** "2.4 MB", in the reader's digits. */
export function fileSize(bytes: number, number: (n: number) => string): string {
  if (bytes < 1024) return `${number(bytes)} B`;
  if (bytes < 1024 * 1024) return `${number(Math.round(bytes / 1024))} KB`;
  return `${number(Math.round((bytes / 1048576) * 10) / 10)} MB`;
}

/** A short label of a detected file type: PDF, DOCX, PNG… */
export function typeLabel(contentType: string, fileName: string): string {
  if (contentType === "application/pdf") return "PDF";
  const ext = fileName.split(".").pop();
  return ext ? ext.toUpperCase() : contentType;
}
