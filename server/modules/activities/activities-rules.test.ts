import { describe, expect, it } from "vitest";
import {
  activityBulkInput,
  activityInput,
  activityUpdate,
  checkActivityFigures,
  monthUnlockInput,
} from "../../../common/schemas/activities.ts";

/** The rules of common/schemas/activities.ts that need no database (the web form runs them too). */

const dates = { startDate: "2024-01-15", endDate: "2024-03-10", reportingMonth: "2024-02-01" };
const paths = (v: Parameters<typeof checkActivityFigures>[0]) =>
  checkActivityFigures(v).issues.map((i) => i.path);

describe("checkActivityFigures", () => {
  it("accepts a plain record and keeps a missing total missing", () => {
    expect(checkActivityFigures(dates)).toEqual({ issues: [], reachedTotal: null });
  });

  it("refuses an end before the start", () => {
    expect(paths({ ...dates, endDate: "2024-01-14" })).toContain("endDate");
  });

  it("accepts the start and end months as reporting months, nothing outside them", () => {
    expect(paths({ ...dates, reportingMonth: "2024-01-01" })).toEqual([]);
    expect(paths({ ...dates, reportingMonth: "2024-03-01" })).toEqual([]);
    expect(paths({ ...dates, reportingMonth: "2023-12-01" })).toEqual(["reportingMonth"]);
    expect(paths({ ...dates, reportingMonth: "2024-04-01" })).toEqual(["reportingMonth"]);
  });

  it("wants the first day of a month", () => {
    const { issues } = checkActivityFigures({ ...dates, reportingMonth: "2024-02-15" });
    expect(issues).toEqual([{ path: "reportingMonth", message: expect.stringContaining("first day") }]);
  });

  it("derives a missing total from women, men, girls and boys", () => {
    expect(checkActivityFigures({ ...dates, women: 3, men: 2, girls: 0 }).reachedTotal).toBe(5);
    expect(checkActivityFigures({ ...dates, boys: 7 }).reachedTotal).toBe(7);
  });

  it("keeps a total at least the sum, and refuses one below it", () => {
    expect(checkActivityFigures({ ...dates, reachedTotal: 10, women: 3, men: 2 })).toEqual({
      issues: [],
      reachedTotal: 10,
    });
    const { issues } = checkActivityFigures({ ...dates, reachedTotal: 4, women: 3, men: 2 });
    expect(issues).toEqual([
      {
        path: "reachedTotal",
        message: "women, men, girls and boys add up to 5, more than the 4 people reached in total",
      },
    ]);
  });

  it("keeps elderly and persons with disabilities within the total, and wants a total for them", () => {
    expect(paths({ ...dates, reachedTotal: 10, elderly: 10, personsWithDisabilities: 2 })).toEqual([]);
    expect(paths({ ...dates, reachedTotal: 10, elderly: 11 })).toEqual(["elderly"]);
    expect(paths({ ...dates, women: 2, personsWithDisabilities: 3 })).toEqual(["personsWithDisabilities"]);
    expect(paths({ ...dates, elderly: 1 })).toEqual(["elderly"]);
  });

  it("reports every problem at once", () => {
    expect(
      paths({
        startDate: "2024-05-01",
        endDate: "2024-04-01",
        reportingMonth: "2024-06-01",
        reachedTotal: 1,
        men: 2,
      }),
    ).toEqual(["endDate", "reportingMonth", "reachedTotal"]);
  });
});

const uuid = "0b7c6f5e-1d2a-4c3b-9e8f-7a6b5c4d3e2f";
const input = {
  reportingOrgId: uuid,
  sectorId: uuid,
  activityTypeId: uuid,
  locationId: uuid,
  status: "ongoing",
  startDate: "2024-03-01",
  endDate: "2024-03-31",
  reportingMonth: "2024-03",
};

describe("activityInput", () => {
  it("normalises the reporting month to its first day and defaults donors", () => {
    const parsed = activityInput.parse(input);
    expect(parsed.reportingMonth).toBe("2024-03-01");
    expect(parsed.donorIds).toEqual([]);
    expect(activityInput.parse({ ...input, reportingMonth: "2024-03-01" }).reportingMonth).toBe("2024-03-01");
  });

  it("names the field of each cross-field problem", () => {
    const result = activityInput.safeParse({ ...input, reachedTotal: 1, women: 1, men: 1 });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual(["reachedTotal"]);
  });

  it("refuses negative or fractional counts, long notes, unknown fields and bad months", () => {
    for (const bad of [
      { women: -1 },
      { men: 1.5 },
      { notes: "x".repeat(2001) },
      { colour: "red" },
      { reportingMonth: "2024-13" },
      { reportingMonth: "March 2024" },
      { status: "done" },
      { modality: "cheque" },
    ]) {
      expect(activityInput.safeParse({ ...input, ...bad }).success, JSON.stringify(bad)).toBe(false);
    }
    expect(activityInput.safeParse({ ...input, notes: "x".repeat(2000) }).success).toBe(true);
  });
});

describe("activityUpdate, bulk and unlock inputs", () => {
  it("needs the version the change was made from", () => {
    expect(activityUpdate.safeParse({ notes: "x" }).success).toBe(false);
    expect(activityUpdate.parse({ notes: "x", version: 2 })).toEqual({ notes: "x", version: 2 });
  });

  it("needs a reason to reject, and 1 to 1000 ids", () => {
    expect(activityBulkInput.safeParse({ ids: [uuid], action: "reject" }).error?.issues[0]?.path).toEqual([
      "reason",
    ]);
    expect(activityBulkInput.safeParse({ ids: [uuid], action: "reject", reason: "Wrong camp" }).success).toBe(
      true,
    );
    expect(activityBulkInput.safeParse({ ids: [], action: "submit" }).success).toBe(false);
    expect(activityBulkInput.safeParse({ ids: Array(1001).fill(uuid), action: "submit" }).success).toBe(
      false,
    );
  });

  it("needs an unlock reason of at least five characters", () => {
    expect(monthUnlockInput.safeParse({ month: "2024-03", reason: "typo" }).success).toBe(false);
    expect(monthUnlockInput.safeParse({ month: "2024-03", reason: "late report" }).success).toBe(true);
  });
});
