import { parse } from "csv-parse/sync";
import type { ImportIssue } from "../../../common/schemas/locations.ts";
import { siteTypes } from "../../../common/schemas/locations.ts";

type SiteType = (typeof siteTypes)[number];

/** A gazetteer entry read from a file, before it is checked against the database. */
export interface GazetteerRow {
  /** Line of the CSV record (header is line 1) or 1-based GeoJSON feature number. */
  row: number;
  code: string;
  name?: string;
  names?: Record<string, string>;
  parentCode?: string;
  kind?: "admin" | "site";
  level?: number;
  siteType?: SiteType;
  lat?: number;
  lon?: number;
  validFrom?: string;
  validTo?: string;
  geometry?: Polygonal;
  /** Set when the entry could not be read at all (its issue is reported); validation skips it. */
  unreadable?: true;
}

export type Polygonal =
  | { type: "Polygon"; coordinates: number[][][] }
  | { type: "MultiPolygon"; coordinates: number[][][][] };

export interface Parsed {
  rows: GazetteerRow[];
  issues: ImportIssue[];
}

const issue = (
  row: number | null,
  column: string | null,
  code: string,
  value: unknown,
  message: string,
  severity: ImportIssue["severity"] = "error",
): ImportIssue => ({ row, column, severity, code, value: value == null ? null : String(value), message });

/** UTF-8 when the bytes are valid UTF-8 (BOM tolerated), otherwise Latin-1 (old Excel exports). */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder("latin1").decode(bytes);
  }
}

const headerAliases: Record<string, string[]> = {
  code: ["pcode", "p-code", "p_code", "code", "site_code", "sitecode", "ssid", "#loc+code", "#adm+code"],
  name: ["name", "name_en", "english_name", "#loc+name"],
  parentCode: ["parent", "parent_pcode", "parent_code", "parent p-code", "parentcode", "#loc+code+parent"],
  level: ["level", "admin_level", "adm_level", "type", "#loc+type"],
  lat: ["lat", "latitude", "y", "#geo+lat"],
  lon: ["lon", "lng", "long", "longitude", "x", "#geo+lon"],
  validFrom: ["valid_from", "validfrom", "from"],
  validTo: ["valid_to", "validto", "to"],
};

function findColumn(headers: string[], field: string): number {
  const wanted = headerAliases[field] ?? [];
  return headers.findIndex((h) => wanted.includes(h.trim().toLowerCase()));
}

/** Reads `level`: 0–4 (or adm0–adm4) for admin areas, or a site type for sites. */
function readLevel(
  raw: string,
): { kind: "admin"; level: number } | { kind: "site"; siteType: SiteType } | null {
  const value = raw
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
  const admin = /^(adm(in)?_?)?([0-4])$/.exec(value);
  if (admin) return { kind: "admin", level: Number(admin[3]) };
  if (value === "site") return { kind: "site", siteType: "camp" };
  if ((siteTypes as readonly string[]).includes(value)) return { kind: "site", siteType: value as SiteType };
  return null;
}

function readNumber(raw: string | undefined): number | undefined | "bad" {
  if (raw === undefined || raw.trim() === "") return undefined;
  const n = Number(raw.trim());
  return Number.isFinite(n) ? n : "bad";
}

/**
 * Parses a gazetteer CSV: P-code, name, parent P-code and level, plus optional lat, lon,
 * validity and `name_xx` columns for other languages. Any common delimiter; UTF-8 or Latin-1.
 */
export function parseGazetteerCsv(bytes: Uint8Array): Parsed {
  const text = decodeText(bytes).replace(/^\uFEFF/, "");
  let records: string[][];
  try {
    records = parse(text, {
      delimiter: detectDelimiter(text),
      relax_column_count: true,
      skip_empty_lines: true,
    }) as string[][];
  } catch (error) {
    return {
      rows: [],
      issues: [
        issue(
          null,
          null,
          "CSV_UNREADABLE",
          null,
          `The file is not readable as CSV: ${(error as Error).message}`,
        ),
      ],
    };
  }
  const headers = records[0] ?? [];
  const col = {
    code: findColumn(headers, "code"),
    name: findColumn(headers, "name"),
    parentCode: findColumn(headers, "parentCode"),
    level: findColumn(headers, "level"),
    lat: findColumn(headers, "lat"),
    lon: findColumn(headers, "lon"),
    validFrom: findColumn(headers, "validFrom"),
    validTo: findColumn(headers, "validTo"),
  };
  const issues: ImportIssue[] = [];
  for (const required of ["code", "name", "level"] as const) {
    if (col[required] < 0) {
      issues.push(
        issue(
          1,
          required,
          "MISSING_COLUMN",
          null,
          `No "${required}" column: expected one of ${headerAliases[required]!.join(", ")}.`,
        ),
      );
    }
  }
  if (issues.length) return { rows: [], issues };
  const nameColumns = headers
    .map((h, i) => ({ i, lang: /^name_([a-z]{2,3})$/i.exec(h.trim())?.[1]?.toLowerCase() }))
    .filter((c): c is { i: number; lang: string } => !!c.lang && c.lang !== "en");

  const rows: GazetteerRow[] = [];
  records.slice(1).forEach((record, index) => {
    const line = index + 2;
    const cell = (i: number) => (i >= 0 ? (record[i] ?? "").trim() : "");
    const entry: GazetteerRow = { row: line, code: cell(col.code), name: cell(col.name) };
    const parent = cell(col.parentCode);
    if (parent) entry.parentCode = parent;
    const levelRaw = cell(col.level);
    const level = readLevel(levelRaw);
    if (!level) {
      issues.push(
        issue(
          line,
          headers[col.level]!,
          "INVALID_LEVEL",
          levelRaw,
          "Level must be 0–4 or a site type (camp, idp_site, informal_settlement, host_community_village).",
        ),
      );
    } else if (level.kind === "admin") {
      entry.kind = "admin";
      entry.level = level.level;
    } else {
      entry.kind = "site";
      entry.siteType = level.siteType;
    }
    for (const axis of ["lat", "lon"] as const) {
      const n = readNumber(col[axis] >= 0 ? record[col[axis]] : undefined);
      if (n === "bad")
        issues.push(
          issue(line, headers[col[axis]]!, "INVALID_NUMBER", record[col[axis]], `${axis} must be a number.`),
        );
      else if (n !== undefined) entry[axis] = n;
    }
    const validFrom = cell(col.validFrom);
    const validTo = cell(col.validTo);
    if (validFrom) entry.validFrom = validFrom;
    if (validTo) entry.validTo = validTo;
    const names = Object.fromEntries(nameColumns.map((c) => [c.lang, cell(c.i)]).filter(([, v]) => v));
    if (Object.keys(names).length) entry.names = names;
    rows.push(entry);
  });
  return { rows, issues };
}

function detectDelimiter(text: string): string {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
  const counts = [",", ";", "\t", "|"].map((d) => ({ d, n: firstLine.split(d).length - 1 }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0]!.n > 0 ? counts[0]!.d : ",";
}

export interface GeoJsonOptions {
  /** Feature property holding the P-code or site code; detected when absent. */
  codeProperty?: string;
  nameProperty?: string;
  /** Property with the parent's code (or its exact name); or one parent for every feature. */
  parentProperty?: string;
  parentCode?: string;
  /** For features that create new locations: admin level 0–4 or a site type. */
  level?: string;
}

const codeGuesses = [
  "pcode",
  "code",
  "SSID",
  "site_code",
  "ADM4_PCODE",
  "ADM3_PCODE",
  "ADM2_PCODE",
  "ADM1_PCODE",
  "ADM0_PCODE",
];
const nameGuesses = [
  "name",
  "New_Camp_N",
  "Name",
  "NAME",
  "ADM4_EN",
  "ADM3_EN",
  "ADM2_EN",
  "ADM1_EN",
  "ADM0_EN",
];

/** Parses boundaries: a FeatureCollection whose features carry a code and a Polygon or MultiPolygon. */
export function parseBoundariesGeoJson(bytes: Uint8Array, options: GeoJsonOptions = {}): Parsed {
  let doc: unknown;
  try {
    doc = JSON.parse(decodeText(bytes).replace(/^\uFEFF/, ""));
  } catch (error) {
    return {
      rows: [],
      issues: [
        issue(null, null, "JSON_UNREADABLE", null, `The file is not valid JSON: ${(error as Error).message}`),
      ],
    };
  }
  const collection = doc as { type?: string; features?: unknown[] };
  if (collection?.type !== "FeatureCollection" || !Array.isArray(collection.features)) {
    return {
      rows: [],
      issues: [
        issue(
          null,
          null,
          "NOT_FEATURE_COLLECTION",
          collection?.type ?? null,
          "Expected a GeoJSON FeatureCollection.",
        ),
      ],
    };
  }
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  const features = collection.features;
  const firstFeature = features.find(isObject);
  const sampleProps = isObject(firstFeature?.properties) ? Object.keys(firstFeature.properties) : [];
  const codeProperty = options.codeProperty ?? codeGuesses.find((p) => sampleProps.includes(p));
  const nameProperty = options.nameProperty ?? nameGuesses.find((p) => sampleProps.includes(p));
  if (!codeProperty) {
    return {
      rows: [],
      issues: [
        issue(
          null,
          "codeProperty",
          "MISSING_COLUMN",
          sampleProps.join(", "),
          "No code property found; name it with codeProperty.",
        ),
      ],
    };
  }
  const level = options.level ? readLevel(options.level) : null;
  const issues: ImportIssue[] = [];
  const rows: GazetteerRow[] = [];
  features.forEach((feature, index) => {
    const n = index + 1;
    if (!isObject(feature)) {
      issues.push(
        issue(
          n,
          null,
          "INVALID_FEATURE",
          feature === null ? "null" : Array.isArray(feature) ? "array" : typeof feature,
          `Feature ${n} is not a GeoJSON Feature object.`,
        ),
      );
      rows.push({ row: n, code: "", unreadable: true });
      return;
    }
    const props = isObject(feature.properties) ? feature.properties : {};
    const code = String(props[codeProperty] ?? "").trim();
    const entry: GazetteerRow = { row: n, code };
    if (nameProperty && props[nameProperty] != null) entry.name = String(props[nameProperty]).trim();
    const parent = options.parentProperty ? props[options.parentProperty] : options.parentCode;
    if (parent != null && String(parent).trim()) entry.parentCode = String(parent).trim();
    if (level?.kind === "admin") Object.assign(entry, { kind: "admin", level: level.level });
    if (level?.kind === "site") Object.assign(entry, { kind: "site", siteType: level.siteType });
    const geometry = feature.geometry;
    const geometryProblem = checkPolygonal(geometry);
    if (geometryProblem) {
      const type = isObject(geometry) && typeof geometry.type === "string" ? geometry.type : null;
      issues.push(issue(n, "geometry", "GEOMETRY_NOT_POLYGON", type, geometryProblem));
    } else entry.geometry = geometry as Polygonal;
    rows.push(entry);
  });
  return { rows, issues };
}

const shortJson = (value: unknown) => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

/** Null when the geometry is a well-formed Polygon or MultiPolygon, else why not. */
function checkPolygonal(geometry: unknown): string | null {
  if (geometry == null) return "The feature has no geometry.";
  if (typeof geometry !== "object" || Array.isArray(geometry)) return "The geometry is not a GeoJSON object.";
  const { type, coordinates } = geometry as { type?: unknown; coordinates?: unknown };
  if (type !== "Polygon" && type !== "MultiPolygon") {
    return `Geometry must be a Polygon or MultiPolygon, not ${typeof type === "string" ? type : "nothing"}.`;
  }
  const nesting =
    type === "Polygon"
      ? "a Polygon's coordinates are rings of [longitude, latitude] positions: [[[lon, lat], ...]]"
      : "a MultiPolygon's coordinates are polygons of rings of [longitude, latitude] positions: [[[[lon, lat], ...]]]";
  const polygons = type === "Polygon" ? [coordinates] : coordinates;
  if (!Array.isArray(polygons) || polygons.length === 0) return "The geometry has no coordinates.";
  for (const polygon of polygons) {
    if (!Array.isArray(polygon) || polygon.length === 0) return `A polygon has no rings (${nesting}).`;
    for (const ring of polygon as unknown[]) {
      if (!Array.isArray(ring))
        return `A ring is ${shortJson(ring)}, not a list of positions: the coordinates are nested too shallow (${nesting}).`;
      for (const position of ring as unknown[]) {
        if (!Array.isArray(position))
          return `A ring position is ${shortJson(position)}, not a [longitude, latitude] pair: the coordinates are nested too shallow (${nesting}).`;
        if (position.some((n) => Array.isArray(n)))
          return `A ring position is ${shortJson(position)}, not a [longitude, latitude] pair: the coordinates are nested too deep (${nesting}).`;
        // GeoJSON allows an altitude after longitude and latitude, nothing more.
        if (
          position.length < 2 ||
          position.length > 3 ||
          !position.every((n) => typeof n === "number" && Number.isFinite(n))
        )
          return `A ring position is ${shortJson(position)}, not a [longitude, latitude] pair of numbers.`;
        const [lon, lat] = position as number[];
        if (Math.abs(lon!) > 180 || Math.abs(lat!) > 90)
          return "A position is not a [longitude, latitude] pair within range (is the file in WGS84?).";
      }
      if (ring.length < 4) return "A ring needs at least 4 positions.";
      const first = ring[0] as number[];
      const last = ring[ring.length - 1] as number[];
      if (first[0] !== last[0] || first[1] !== last[1])
        return "A ring is not closed (its first and last positions differ).";
    }
  }
  return null;
}

/** [minLon, minLat, maxLon, maxLat] of a polygonal geometry, and the average of its outer vertices. */
export function bboxAndCentre(geometry: Polygonal): {
  bbox: [number, number, number, number];
  centre: [number, number];
} {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  let minLon = 180,
    minLat = 90,
    maxLon = -180,
    maxLat = -90,
    sumLon = 0,
    sumLat = 0,
    count = 0;
  for (const polygon of polygons) {
    for (const [lon, lat] of polygon[0] ?? []) {
      minLon = Math.min(minLon, lon!);
      maxLon = Math.max(maxLon, lon!);
      minLat = Math.min(minLat, lat!);
      maxLat = Math.max(maxLat, lat!);
      sumLon += lon!;
      sumLat += lat!;
      count++;
    }
  }
  return { bbox: [minLon, minLat, maxLon, maxLat], centre: [sumLon / count, sumLat / count] };
}
