import type { RoleName } from "../../../common/permissions.ts";
import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import {
  buildActivityType,
  buildIndicator,
  buildLocation,
  buildManagedResponse,
  buildOrganisation,
  buildPopulationGroup,
  buildSector,
  buildUser,
  signIn,
} from "../../testing/factories.ts";

/**
 * For the activities tests: a response with a manager, organisations, a sector with a sub-sector
 * and catalogue, another sector, a three-level gazetteer and a population group, plus helpers to
 * sign in as any role and call the activities API.
 */
export async function activityWorld(app: App, db: Db) {
  const { response, slug, headers } = await buildManagedResponse(app, db);
  const responseId = response.id;
  const org = await buildOrganisation(db, responseId, { name: `Partner ${slug}`, acronym: "PTR" });
  const otherOrg = await buildOrganisation(db, responseId);
  const donor = await buildOrganisation(db, responseId, { type: "10" });
  const sector = await buildSector(db, responseId);
  const subSector = await buildSector(db, responseId, { kind: "sub_sector", parentId: sector.id });
  const otherSector = await buildSector(db, responseId);
  const type = await buildActivityType(db, responseId, sector.id, { name: "Latrine construction" });
  const subType = await buildActivityType(db, responseId, subSector.id);
  const otherType = await buildActivityType(db, responseId, otherSector.id);
  const indicator = await buildIndicator(db, responseId, sector.id);
  const otherIndicator = await buildIndicator(db, responseId, otherSector.id);
  const country = await buildLocation(db, responseId, { level: 0, name: "Country" });
  const district = await buildLocation(db, responseId, { level: 1, parentId: country.id, name: "District" });
  const camp = await buildLocation(db, responseId, {
    level: 2,
    parentId: district.id,
    name: "Camp Nine",
    validFrom: "2020-01-01",
  });
  const otherDistrict = await buildLocation(db, responseId, { level: 1, parentId: country.id });
  const population = await buildPopulationGroup(db, responseId);

  /** A valid record for `org` in `sector` at `camp`, reported for March 2024. */
  const valid = (overrides: Record<string, unknown> = {}) => ({
    reportingOrgId: org.id,
    sectorId: sector.id,
    activityTypeId: type.id,
    locationId: camp.id,
    status: "ongoing",
    startDate: "2024-03-01",
    endDate: "2024-05-31",
    reportingMonth: "2024-03",
    ...overrides,
  });

  /** Headers of a new user with `role` (coordinators of `sector`, editors of `org` unless told). */
  const login = async (
    role: RoleName | "administrator",
    scope: { sectorId?: string; organisationId?: string } = {},
  ) => {
    const user = await buildUser(db, {
      isAdmin: role === "administrator",
      role: role === "administrator" ? undefined : role,
      responseId,
      sectorId: role === "sector_coordinator" ? (scope.sectorId ?? sector.id) : null,
      organisationId: role === "organisation_editor" ? (scope.organisationId ?? org.id) : null,
    });
    return (await signIn(app, user.email)).headers;
  };

  const base = `/api/v1/responses/${slug}/activities`;
  const call = (method: "GET" | "POST" | "PATCH" | "DELETE", url: string, h?: object, payload?: unknown) =>
    app.inject({
      method,
      url: `${base}${url}`,
      headers: { ...(h ?? {}) } as Record<string, string>,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const create = async (payload: object = valid(), h: object = headers) => call("POST", "", h, payload);
  /** Creates a valid record as the manager and returns its JSON. */
  const created = async (overrides: Record<string, unknown> = {}) => {
    const res = await create(valid(overrides));
    if (res.statusCode !== 201) throw new Error(`create failed: ${res.statusCode} ${res.body}`);
    return res.json() as { id: string; version: number; reviewState: string } & Record<string, unknown>;
  };
  const bulk = (ids: string[], action: string, h: object = headers, reason?: string) =>
    call("POST", "/bulk", h, { ids, action, ...(reason ? { reason } : {}) });

  return {
    app,
    db,
    response,
    responseId,
    slug,
    headers,
    org,
    otherOrg,
    donor,
    sector,
    subSector,
    otherSector,
    type,
    subType,
    otherType,
    indicator,
    otherIndicator,
    country,
    district,
    camp,
    otherDistrict,
    population,
    valid,
    login,
    base,
    call,
    create,
    created,
    get: (id: string, h?: object) => call("GET", `/${id}`, h),
    patch: (id: string, payload: object, h: object = headers) => call("PATCH", `/${id}`, h, payload),
    remove: (id: string, h: object = headers) => call("DELETE", `/${id}`, h),
    list: (query = "", h?: object) => call("GET", query ? `?${query}` : "", h),
    bulk,
    lock: (month: string, h: object = headers) => call("POST", "/month-locks", h, { month }),
    unlock: (month: string, reason: string, h: object = headers) =>
      call("DELETE", "/month-locks", h, { month, reason }),
  };
}

export type ActivityWorld = Awaited<ReturnType<typeof activityWorld>>;
