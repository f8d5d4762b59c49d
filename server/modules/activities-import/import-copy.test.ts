import { and, asc, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../context.ts";
import { copyCell, type Database, type Db, transactionClientOf } from "../../db/client.ts";
import { activities, activityDonors } from "../../db/schema/activities.ts";
import { auditLog } from "../../db/schema/audit.ts";
import { buildTestApp } from "../../testing/factories.ts";
import type { RecordValues } from "../activities/activities.guards.ts";
import { type ActivityWorld, activityWorld } from "../activities/activities.world.ts";
import type { Decision } from "./import-commit.ts";
import { type ImportOptions, systemPrincipal } from "./import-types.ts";
import { copyCreates, insertCreates, writeCreates } from "./import-write.ts";

/**
 * On PostgreSQL the import writes new records with COPY FROM STDIN in its text format: every
 * value must come back exactly as the INSERT path (array parameters) stores it.
 */

let app: App;
let db: Db;
let database: Database;

beforeAll(async () => {
  ({ app, db, database } = await buildTestApp());
});

/** Text that COPY's text format must escape, or that looks like something it is not. */
const awkward = [
  "tab\there\tand\tthere",
  "line one\nline two",
  "windows\r\nline\rbreaks",
  "back\\slash, \\N, \\t and a trailing \\",
  "\\N",
  "বাংলাদেশ: ত্রাণ বিতরণ ১২৩",
  "မြန်မာ အကူအညီ ၁၂၃",
  "-5 families moved",
  "+ve test results; @home visits",
  '\'=SUM(A1) as text, "quoted", comma,',
  "\t",
];

const options: ImportOptions = { principal: systemPrincipal, actor: { id: null, label: "test\timporter" } };

/** One new record per awkward text, in `year` (so the two paths' records keep distinct keys). */
function creates(w: ActivityWorld, year: number, tag: string): Extract<Decision, { kind: "create" }>[] {
  return [...awkward, null].map((text, i) => {
    const month = `${year}-${String(i + 1).padStart(2, "0")}-01`;
    const values: RecordValues = {
      reportingOrgId: w.org.id,
      implementingOrgId: i % 2 ? w.donor.id : null,
      sectorId: w.sector.id,
      subSectorId: null,
      activityTypeId: w.type.id,
      indicatorId: null,
      locationId: w.camp.id,
      populationGroupId: null,
      status: "ongoing",
      startDate: month,
      endDate: `${year}-${String(i + 1).padStart(2, "0")}-28`,
      reportingMonth: month,
      quantity: text === null ? null : 1234.5 + i,
      unit: text,
      reachedTotal: text === null ? null : 10 * i,
      women: i,
      men: null,
      girls: 0,
      boys: null,
      elderly: null,
      personsWithDisabilities: null,
      modality: text === null ? null : "cash",
      notes: text,
      externalId: text === null ? null : `${text}#${tag}`,
    };
    const id = crypto.randomUUID();
    return {
      kind: "create",
      id,
      plan: { row: i + 2, values, donorIds: i % 3 ? [w.donor.id] : [], sectorParentId: null },
    };
  });
}

/** What was stored for these records, in their order, without what differs by design. */
async function stored(w: ActivityWorld, list: Extract<Decision, { kind: "create" }>[]) {
  const ids = list.map((d) => d.id);
  const rows = await db
    .select()
    .from(activities)
    .where(and(eq(activities.responseId, w.responseId), inArray(activities.id, ids)));
  const donors = await db
    .select()
    .from(activityDonors)
    .where(and(eq(activityDonors.responseId, w.responseId), inArray(activityDonors.activityId, ids)));
  const audit = await db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.responseId, w.responseId), inArray(auditLog.entityId, ids)))
    .orderBy(asc(auditLog.id));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    records: ids.map((id) => {
      const {
        id: _id,
        createdAt,
        updatedAt,
        reportingMonth,
        startDate,
        endDate,
        externalId,
        ...rest
      } = byId.get(id)!;
      return { ...rest, externalId: externalId?.replace(/#.*$/s, "") ?? null };
    }),
    donors: ids.map((id) => donors.filter((d) => d.activityId === id).length),
    audit: audit.map(({ id, at, entityId, ...rest }) => ({ ...rest, entity: ids.indexOf(entityId!) })),
  };
}

describe("COPY text cells", () => {
  it("escapes backslash, tab, line feed and carriage return, and writes null as \\N", () => {
    expect(copyCell("a\tb\nc\rd\\e")).toBe("a\\tb\\nc\\rd\\\\e");
    expect(copyCell("\\N")).toBe("\\\\N");
    expect(copyCell(null)).toBe("\\N");
    expect(copyCell(12.5)).toBe("12.5");
    expect(copyCell("মিয়ানমার")).toBe("মিয়ানমার");
  });
});

describe.skipIf(!process.env.DATABASE_URL)("new records by COPY (PostgreSQL)", () => {
  it("stores what the INSERT path stores, awkward text included", async () => {
    const w = await activityWorld(app, db);
    const copied = creates(w, 2022, "copy");
    const inserted = creates(w, 2023, "insert");
    await db.transaction(async (tx) => {
      const client = transactionClientOf(tx);
      expect(client).not.toBeNull();
      await copyCreates(client!, w.responseId, copied, options);
      await insertCreates(tx, w.responseId, inserted, options);
    });
    const a = await stored(w, copied);
    const b = await stored(w, inserted);
    expect(a.records.map((r) => r.notes)).toEqual([...awkward, null]);
    expect(a.records.map((r) => r.externalId)).toEqual([...awkward, null]);
    expect(a).toEqual(b);
    expect(a.audit).toHaveLength(copied.length);
    expect(a.audit[0]).toMatchObject({ actorLabel: "test\timporter", reason: "import, row 2" });
  });

  it("fails on a key taken meanwhile with the unique index's 23505, and the transaction rolls back", async () => {
    const w = await activityWorld(app, db);
    const [first] = creates(w, 2021, "first");
    const [second] = creates(w, 2021, "second"); // the same natural key, another external id
    await db.transaction((tx) => writeCreates(tx, w.responseId, [first!], options));
    const error = await db
      .transaction(async (tx) => {
        await writeCreates(tx, w.responseId, creates(w, 2020, "kept?"), options);
        await writeCreates(tx, w.responseId, [second!], options);
      })
      .catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe("23505");
    const rows = await db.select().from(activities).where(eq(activities.responseId, w.responseId));
    expect(rows.map((r) => r.id)).toEqual([first!.id]);
    // The pool's connections still work after the failed COPY.
    expect(database.kind).toBe("postgresql");
    await Promise.all([1, 2, 3].map(() => db.select().from(activities).limit(1)));
  });
});
