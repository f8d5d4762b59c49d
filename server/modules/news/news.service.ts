import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Principal } from "../../../common/permissions.ts";
import type {
  StoryImage,
  StoryInput,
  StoryOutput,
  StoryQuery,
  StorySummary,
  StoryTransition,
  StoryUpdate,
} from "../../../common/schemas/news.ts";
import type { Db } from "../../db/client.ts";
import { type LinkTable, readLinks, writeLinks } from "../../db/link-tables.ts";
import { users } from "../../db/schema/accounts.ts";
import { newsImages, newsStories, newsStoryLocations, newsStorySectors } from "../../db/schema/news.ts";
import { locations, organisations, sectors } from "../../db/schema/reference.ts";
import { conflict, invalid, notFound } from "../../errors.ts";
import type { StoredFile } from "../../files/receive.ts";
import { type Actor, recordAudit } from "../audit/audit.service.ts";
import { type ContentScope, withParentSectors } from "../documents/documents.scope.ts";
import { checkReferences } from "../documents/documents.service.ts";
import { renderMarkdown } from "./markdown.ts";
import { mayEdit, maySee, type StoryFacts, transitionsFor, transitionTarget } from "./news.policy.ts";

export type StoryRow = typeof newsStories.$inferSelect;
export type ImageRow = typeof newsImages.$inferSelect;
type Links = { sectorIds: string[]; locationIds: string[] };

const linkTables = {
  sectorIds: { table: newsStorySectors, owner: newsStorySectors.storyId, target: newsStorySectors.targetId },
  locationIds: {
    table: newsStoryLocations,
    owner: newsStoryLocations.storyId,
    target: newsStoryLocations.targetId,
  },
} satisfies Record<keyof Links, LinkTable>;

const linksOf = (db: Db, responseId: string, storyId: string): Promise<Links> =>
  readLinks(db, linkTables, responseId, storyId);

const setLinks = (db: Db, responseId: string, storyId: string, links: Partial<Links>) =>
  writeLinks(db, linkTables, responseId, storyId, links);

export async function storyScope(
  db: Db,
  responseId: string,
  story: { organisationId: string | null; sectorIds: string[] },
): Promise<ContentScope> {
  return {
    sectorIds: await withParentSectors(db, responseId, story.sectorIds),
    organisationIds: story.organisationId ? [story.organisationId] : [],
  };
}

/** What the policy needs to know of a stored story. */
export async function storyFacts(db: Db, responseId: string, row: StoryRow): Promise<StoryFacts & Links> {
  const links = await linksOf(db, responseId, row.id);
  return {
    state: row.state,
    authorId: row.authorId,
    scope: await storyScope(db, responseId, {
      organisationId: row.organisationId,
      sectorIds: links.sectorIds,
    }),
    ...links,
  };
}

export async function getStory(db: Db, responseId: string, id: string): Promise<StoryRow> {
  const [row] = await db
    .select()
    .from(newsStories)
    .where(and(eq(newsStories.responseId, responseId), eq(newsStories.id, id)));
  if (!row) throw notFound("Story");
  return row;
}

/** The story if the caller may see it; 404 otherwise (a draft's existence is not told). */
export async function getVisibleStory(db: Db, responseId: string, id: string, principal: Principal | null) {
  const row = await getStory(db, responseId, id);
  const facts = await storyFacts(db, responseId, row);
  if (!maySee(principal, responseId, facts)) throw notFound("Story");
  return { row, facts };
}

/** An organisation editor writes for their organisation unless they name one. */
export function defaultOrganisation(principal: Principal, responseId: string): string | null {
  const own = [
    ...new Set(
      principal.roles
        .filter((r) => r.responseId === responseId && r.role === "organisation_editor" && r.organisationId)
        .map((r) => r.organisationId!),
    ),
  ];
  return own.length === 1 ? own[0]! : null;
}

export async function createStory(
  db: Db,
  responseId: string,
  actor: Actor,
  input: Omit<Required<StoryInput>, "organisationId"> & { organisationId: string | null },
): Promise<StoryRow> {
  return db.transaction(async (tx) => {
    await checkReferences(
      tx,
      responseId,
      { ...input, organisationIds: input.organisationId ? [input.organisationId] : [] },
      "body",
    );
    const { sectorIds, locationIds, ...columns } = input;
    const [row] = await tx
      .insert(newsStories)
      .values({ ...columns, responseId, authorId: actor.id })
      .returning();
    await setLinks(tx, responseId, row!.id, { sectorIds, locationIds });
    await recordAudit(tx, {
      responseId,
      actor,
      action: "news.create",
      entityType: "news_story",
      entityId: row!.id,
      after: { ...row, sectorIds, locationIds },
    });
    return row!;
  });
}

export async function updateStory(
  db: Db,
  responseId: string,
  actor: Actor,
  before: StoryRow,
  changes: StoryUpdate,
) {
  await db.transaction(async (tx) => {
    await checkReferences(
      tx,
      responseId,
      { ...changes, organisationIds: changes.organisationId ? [changes.organisationId] : undefined },
      "body",
    );
    const { sectorIds, locationIds, ...columns } = changes;
    const linksBefore = await linksOf(tx, responseId, before.id);
    const [after] = await tx
      .update(newsStories)
      .set({ ...columns, updatedAt: new Date() })
      .where(and(eq(newsStories.responseId, responseId), eq(newsStories.id, before.id)))
      .returning();
    await setLinks(tx, responseId, before.id, { sectorIds, locationIds });
    await recordAudit(tx, {
      responseId,
      actor,
      action: "news.update",
      entityType: "news_story",
      entityId: before.id,
      before: { ...before, ...linksBefore },
      after: { ...after, ...(await linksOf(tx, responseId, before.id)) },
    });
  });
}

/** Moves a story along its workflow; the state is re-read under a lock so two reviewers cannot race. */
export async function transitionStory(
  db: Db,
  responseId: string,
  actor: Actor,
  story: StoryRow,
  action: StoryTransition,
  options: { note?: string; publishedAt?: string },
) {
  const { from, to } = transitionTarget[action];
  if ((action === "return" || action === "unpublish") && !options.note)
    throw invalid("Say why, for the writer: a note is required.", [
      { path: "body.note", message: "required" },
    ]);
  await db.transaction(async (tx) => {
    const locked = await tx.execute<{ state: string }>(
      sql`SELECT state FROM news_stories WHERE response_id = ${responseId} AND id = ${story.id} FOR UPDATE`,
    );
    const state = locked.rows[0]?.state;
    if (!state || !from.includes(state as StoryRow["state"]))
      throw conflict(`A story ${state?.replace("_", " ")} cannot be sent to ${action}.`, [
        { path: "body.action", message: `not from ${state}` },
      ]);
    const now = new Date();
    const [after] = await tx
      .update(newsStories)
      .set({
        state: to,
        updatedAt: now,
        ...(action === "submit" ? { submittedAt: now, reviewNote: null } : {}),
        ...(action === "publish"
          ? { publishedAt: options.publishedAt ? new Date(options.publishedAt) : now, reviewNote: null }
          : {}),
        ...(action === "return" || action === "unpublish" ? { reviewNote: options.note } : {}),
      })
      .where(and(eq(newsStories.responseId, responseId), eq(newsStories.id, story.id)))
      .returning();
    await recordAudit(tx, {
      responseId,
      actor,
      action: `news.${action}`,
      entityType: "news_story",
      entityId: story.id,
      before: { state },
      after: { state: after!.state, publishedAt: after!.publishedAt, note: options.note ?? null },
      reason: options.note,
    });
  });
}

/** Deletes the story and its images; answers the file keys to remove from the store. */
export async function deleteStory(
  db: Db,
  responseId: string,
  actor: Actor,
  story: StoryRow,
): Promise<string[]> {
  return db.transaction(async (tx) => {
    const images = await imagesOf(tx, responseId, [story.id]);
    await tx
      .delete(newsStories)
      .where(and(eq(newsStories.responseId, responseId), eq(newsStories.id, story.id)));
    await recordAudit(tx, {
      responseId,
      actor,
      action: "news.delete",
      entityType: "news_story",
      entityId: story.id,
      before: { ...story, images },
    });
    return images.map((i) => i.fileKey);
  });
}

export async function addImage(
  db: Db,
  responseId: string,
  actor: Actor,
  story: StoryRow,
  file: StoredFile,
  fields: { caption: string; credit: string },
): Promise<ImageRow> {
  return db.transaction(async (tx) => {
    const [{ n }] = (
      await tx.execute<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM news_images WHERE response_id = ${responseId} AND story_id = ${story.id}`,
      )
    ).rows as [{ n: number }];
    if (n >= 20) throw conflict("A story has at most 20 images.");
    const [row] = await tx
      .insert(newsImages)
      .values({
        responseId,
        storyId: story.id,
        fileKey: file.key,
        fileName: file.fileName,
        contentType: file.contentType,
        size: file.size,
        sha256: file.sha256,
        caption: fields.caption,
        credit: fields.credit,
        position: n,
      })
      .returning();
    await recordAudit(tx, {
      responseId,
      actor,
      action: "news.image.add",
      entityType: "news_story",
      entityId: story.id,
      after: row,
    });
    return row!;
  });
}

export async function getImage(
  db: Db,
  responseId: string,
  storyId: string,
  imageId: string,
): Promise<ImageRow> {
  const [row] = await db
    .select()
    .from(newsImages)
    .where(
      and(eq(newsImages.responseId, responseId), eq(newsImages.storyId, storyId), eq(newsImages.id, imageId)),
    );
  if (!row) throw notFound("Image");
  return row;
}

export async function updateImage(
  db: Db,
  responseId: string,
  actor: Actor,
  image: ImageRow,
  changes: Partial<Pick<ImageRow, "caption" | "credit" | "position">>,
) {
  await db.transaction(async (tx) => {
    const [after] = await tx
      .update(newsImages)
      .set(changes)
      .where(and(eq(newsImages.responseId, responseId), eq(newsImages.id, image.id)))
      .returning();
    await recordAudit(tx, {
      responseId,
      actor,
      action: "news.image.update",
      entityType: "news_story",
      entityId: image.storyId,
      before: image,
      after,
    });
  });
}

export async function deleteImage(db: Db, responseId: string, actor: Actor, image: ImageRow) {
  await db.transaction(async (tx) => {
    await tx
      .delete(newsImages)
      .where(and(eq(newsImages.responseId, responseId), eq(newsImages.id, image.id)));
    await recordAudit(tx, {
      responseId,
      actor,
      action: "news.image.delete",
      entityType: "news_story",
      entityId: image.storyId,
      before: image,
    });
  });
}

async function imagesOf(db: Db, responseId: string, storyIds: string[]) {
  if (!storyIds.length) return [];
  return db
    .select()
    .from(newsImages)
    .where(and(eq(newsImages.responseId, responseId), inArray(newsImages.storyId, storyIds)))
    .orderBy(asc(newsImages.position), asc(newsImages.createdAt));
}

export const imageUrl = (slug: string, image: Pick<ImageRow, "storyId" | "id">) =>
  `/api/v1/responses/${slug}/news/${image.storyId}/images/${image.id}`;

const presentImage = (slug: string, i: ImageRow): StoryImage => ({
  id: i.id,
  url: imageUrl(slug, i),
  caption: i.caption,
  credit: i.credit,
  contentType: i.contentType,
  position: i.position,
});

/** Summaries of stories with organisation, author, sectors, locations and first image. */
export async function presentSummaries(db: Db, responseId: string, slug: string, rows: StoryRow[]) {
  const ids = rows.map((r) => r.id);
  if (!ids.length) return { summaries: [] as StorySummary[], images: [] as ImageRow[] };
  const sectorLinks = await db
    .select({ storyId: newsStorySectors.storyId, id: sectors.id, code: sectors.code, name: sectors.name })
    .from(newsStorySectors)
    .innerJoin(
      sectors,
      and(eq(sectors.responseId, newsStorySectors.responseId), eq(sectors.id, newsStorySectors.targetId)),
    )
    .where(and(eq(newsStorySectors.responseId, responseId), inArray(newsStorySectors.storyId, ids)))
    .orderBy(asc(sectors.name));
  const locationLinks = await db
    .select({
      storyId: newsStoryLocations.storyId,
      id: locations.id,
      code: locations.code,
      name: locations.name,
    })
    .from(newsStoryLocations)
    .innerJoin(
      locations,
      and(
        eq(locations.responseId, newsStoryLocations.responseId),
        eq(locations.id, newsStoryLocations.targetId),
      ),
    )
    .where(and(eq(newsStoryLocations.responseId, responseId), inArray(newsStoryLocations.storyId, ids)))
    .orderBy(asc(locations.name));
  const orgIds = [...new Set(rows.map((r) => r.organisationId).filter((id): id is string => !!id))];
  const orgs = orgIds.length
    ? await db
        .select({ id: organisations.id, name: organisations.name, acronym: organisations.acronym })
        .from(organisations)
        .where(and(eq(organisations.responseId, responseId), inArray(organisations.id, orgIds)))
    : [];
  const authorIds = [...new Set(rows.map((r) => r.authorId).filter((id): id is string => !!id))];
  const authors = authorIds.length
    ? await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, authorIds))
    : [];
  const images = await imagesOf(db, responseId, ids);
  const strip = <T extends { storyId: string }>({ storyId: _, ...rest }: T) => rest;
  const summaries = rows.map((r): StorySummary => {
    const first = images.find((i) => i.storyId === r.id);
    return {
      id: r.id,
      title: r.title,
      summary: r.summary,
      language: r.language,
      state: r.state,
      organisation: orgs.find((o) => o.id === r.organisationId) ?? null,
      authorName: authors.find((a) => a.id === r.authorId)?.name ?? null,
      sectors: sectorLinks.filter((l) => l.storyId === r.id).map(strip),
      locations: locationLinks.filter((l) => l.storyId === r.id).map(strip),
      image: first ? presentImage(slug, first) : null,
      publishedAt: r.publishedAt?.toISOString() ?? null,
      updatedAt: r.updatedAt.toISOString(),
    };
  });
  return { summaries, images };
}

export async function presentStory(
  db: Db,
  responseId: string,
  slug: string,
  row: StoryRow,
  principal: Principal | null,
): Promise<StoryOutput> {
  const { summaries, images } = await presentSummaries(db, responseId, slug, [row]);
  const facts = await storyFacts(db, responseId, row);
  const canEdit = mayEdit(principal, responseId, facts);
  return {
    ...summaries[0]!,
    body: row.body,
    bodyHtml: renderMarkdown(row.body),
    images: images.map((i) => presentImage(slug, i)),
    reviewNote: row.reviewNote,
    submittedAt: row.submittedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    can: { edit: canEdit, delete: canEdit, transitions: transitionsFor(principal, responseId, facts) },
  };
}

/** Which unpublished stories a caller may see, as SQL over `s` (news_stories). */
function visibleUnpublished(principal: Principal | null, responseId: string): SQL {
  if (!principal) return sql`false`;
  const roles = principal.roles.filter((r) => r.responseId === responseId);
  if (principal.isAdmin || roles.some((r) => r.role === "response_manager")) return sql`true`;
  const orgs = roles
    .filter((r) => r.role === "organisation_editor" && r.organisationId)
    .map((r) => r.organisationId!);
  const led = roles.filter((r) => r.role === "sector_coordinator" && r.sectorId).map((r) => r.sectorId!);
  const parts: SQL[] = [sql`s.author_id = ${principal.userId}`];
  if (orgs.length)
    parts.push(
      sql`s.organisation_id IN (${sql.join(
        orgs.map((o) => sql`${o}`),
        sql`, `,
      )})`,
    );
  if (led.length)
    parts.push(sql`EXISTS (SELECT 1 FROM news_story_sectors ss JOIN sectors x ON x.response_id = ss.response_id AND x.id = ss.sector_id
      WHERE ss.response_id = s.response_id AND ss.story_id = s.id
      AND (x.id IN (${sql.join(
        led.map((o) => sql`${o}`),
        sql`, `,
      )}) OR x.parent_id IN (${sql.join(
        led.map((o) => sql`${o}`),
        sql`, `,
      )})))`);
  return sql`(${sql.join(parts, sql` OR `)})`;
}

const like = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Stories, latest first: published ones for everyone; others for those who may see them. */
export async function listStories(
  db: Db,
  responseId: string,
  slug: string,
  query: StoryQuery,
  principal: Principal | null,
) {
  const where: SQL[] = [sql`s.response_id = ${responseId}`];
  const state = query.state ?? (query.mine === "true" ? undefined : "published");
  if (state) where.push(sql`s.state = ${state}`);
  where.push(sql`(s.state = 'published' OR ${visibleUnpublished(principal, responseId)})`);
  if (query.mine === "true") where.push(visibleUnpublished(principal, responseId));
  if (query.language) where.push(sql`s.language = ${query.language}`);
  if (query.q) where.push(sql`(s.title ILIKE ${like(query.q)} OR s.summary ILIKE ${like(query.q)})`);
  if (query.sector)
    where.push(sql`EXISTS (SELECT 1 FROM news_story_sectors ss JOIN sectors x ON x.response_id = ss.response_id AND x.id = ss.sector_id
      LEFT JOIN sectors p ON p.response_id = x.response_id AND p.id = x.parent_id
      WHERE ss.response_id = s.response_id AND ss.story_id = s.id AND (x.code = ${query.sector} OR p.code = ${query.sector}))`);
  const found = await db.execute<{ id: string; total: number }>(sql`
    SELECT s.id, count(*) OVER ()::int AS total FROM news_stories s WHERE ${sql.join(where, sql` AND `)}
    ORDER BY coalesce(s.published_at, s.updated_at) DESC, s.id
    LIMIT ${query.limit} OFFSET ${query.offset}`);
  const ids = found.rows.map((r) => r.id);
  const rows = ids.length
    ? await db
        .select()
        .from(newsStories)
        .where(and(eq(newsStories.responseId, responseId), inArray(newsStories.id, ids)))
    : [];
  rows.sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id));
  const { summaries } = await presentSummaries(db, responseId, slug, rows);
  return { items: summaries, total: found.rows[0]?.total ?? 0, rows };
}
