import type { App } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { buildOrganisation, buildResponse, buildSector, buildUser, signIn } from "../../testing/factories.ts";
import { multipart } from "../../testing/multipart.ts";
import type { Who } from "../../testing/permission-cases.ts";

/** A 1×1 PNG. */
export const pngBytes = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

/**
 * A response with an organisation editor's own organisation, a coordinator's sector (the parent of
 * the sector stories name) and others; `login` signs in someone of each kind.
 */
export async function buildNewsWorld(app: App, db: Db) {
  const response = await buildResponse(db);
  const ownOrg = await buildOrganisation(db, response.id);
  const otherOrg = await buildOrganisation(db, response.id);
  const parent = await buildSector(db, response.id, { code: `W${response.id.slice(0, 6)}` });
  const ownSub = await buildSector(db, response.id, { parentId: parent.id, kind: "sub_sector" });
  const otherSector = await buildSector(db, response.id);
  const login = async (who: Who) => {
    if (who === "public") return {};
    const user = await buildUser(db, {
      isAdmin: who === "administrator",
      role: who === "administrator" ? undefined : who,
      responseId: response.id,
      sectorId: who === "sector_coordinator" ? parent.id : null,
      organisationId: who === "organisation_editor" ? ownOrg.id : null,
    });
    return (await signIn(app, user.email)).headers;
  };
  const managerHeaders = await login("response_manager");
  const url = (path = "") => `/api/v1/responses/${response.slug}/news${path}`;
  const own = { organisationId: ownOrg.id, sectorIds: [ownSub.id] };
  const other = { organisationId: otherOrg.id, sectorIds: [otherSector.id] };
  /** A story written by the manager, moved to `state`. */
  const story = async (
    links: typeof own,
    state: "draft" | "in_review" | "published" = "draft",
    extra = {},
  ) => {
    const res = await app.inject({
      method: "POST",
      url: url(),
      headers: managerHeaders,
      payload: {
        title: "Monsoon preparedness in the camps",
        summary: "Teams pre-positioned supplies.",
        ...links,
        ...extra,
      },
    });
    if (res.statusCode !== 201) throw new Error(res.body);
    const id = res.json().id as string;
    const move = (action: string) =>
      app.inject({
        method: "POST",
        url: url(`/${id}/transitions`),
        headers: managerHeaders,
        payload: { action },
      });
    if (state !== "draft") await move("submit");
    if (state === "published") await move("publish");
    return id;
  };
  const uploadImage = (
    headers: Record<string, string>,
    id: string,
    content: Buffer = pngBytes,
    name = "photo.png",
    fields: Record<string, string> = {
      caption: "Volunteers check a drainage channel",
      credit: "Photo: WASH sector",
    },
  ) => {
    const body = multipart(content, fields, name);
    return app.inject({
      method: "POST",
      url: url(`/${id}/images`),
      headers: { ...headers, "content-type": body.contentType },
      payload: body.payload,
    });
  };
  return {
    response,
    slug: response.slug,
    parent,
    ownSub,
    otherSector,
    ownOrg,
    otherOrg,
    own,
    other,
    url,
    login,
    managerHeaders,
    story,
    uploadImage,
  };
}
export type NewsWorld = Awaited<ReturnType<typeof buildNewsWorld>>;
