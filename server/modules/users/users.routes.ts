import { z } from "zod";
import { roleAssignmentInput, userInput, userOutput, userUpdate } from "../../../common/schemas/users.ts";
import type { App, AppContext } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { actorOf } from "../audit/audit.service.ts";
import { authorize } from "../auth/principal.ts";
import { slugParams } from "../responses/responses.routes.ts";
import { getResponseBySlug } from "../responses/responses.service.ts";
import {
  createUser,
  deleteUser,
  exportUserData,
  getUser,
  listMembers,
  listUsers,
  setMemberRoles,
  updateUser,
} from "./users.service.ts";

const idParams = z.object({ id: z.uuid() });

export async function usersRoutes(app: App, { database: { db } }: AppContext) {
  app.get(
    "/api/v1/users",
    {
      schema: {
        tags: ["users"],
        summary: "Accounts and their roles (administrators)",
        querystring: z.object({ q: z.string().max(200).optional() }),
        response: { 200: z.object({ items: z.array(userOutput) }) },
      },
    },
    async (request) => {
      authorize(request, "user:manage");
      return { items: await listUsers(db, request.query.q) };
    },
  );

  app.get(
    "/api/v1/users/:id",
    { schema: { tags: ["users"], params: idParams, response: { 200: userOutput } } },
    async (request) => {
      authorize(request, "user:manage");
      return getUser(db, request.params.id);
    },
  );

  app.post(
    "/api/v1/users",
    {
      schema: {
        tags: ["users"],
        summary: "Create an account with roles",
        body: userInput,
        response: { 201: userOutput },
      },
    },
    async (request, reply) => {
      const principal = authorize(request, "user:manage");
      return reply.status(201).send(await createUser(db, actorOf(principal), request.body));
    },
  );

  app.patch(
    "/api/v1/users/:id",
    { schema: { tags: ["users"], params: idParams, body: userUpdate, response: { 200: userOutput } } },
    async (request) => {
      const principal = authorize(request, "user:manage");
      if (
        request.params.id === principal.userId &&
        (request.body.disabled || request.body.isAdmin === false)
      ) {
        throw new AppError(
          "CONFLICT",
          "You cannot disable your own account or remove your own administrator role.",
        );
      }
      return updateUser(db, actorOf(principal), request.params.id, request.body);
    },
  );

  app.get(
    "/api/v1/users/:id/export",
    {
      schema: {
        tags: ["users"],
        summary: "Everything held about an account (data-subject access request)",
        params: idParams,
      },
    },
    async (request, reply) => {
      authorize(request, "user:manage");
      const data = await exportUserData(db, request.params.id);
      return reply
        .header("content-disposition", `attachment; filename="account-${request.params.id}.json"`)
        .send(data);
    },
  );

  app.delete(
    "/api/v1/users/:id",
    {
      schema: {
        tags: ["users"],
        summary: "Erase an account; its audit entries stay without naming the person",
        params: idParams,
      },
    },
    async (request, reply) => {
      const principal = authorize(request, "user:manage");
      if (request.params.id === principal.userId)
        throw new AppError("CONFLICT", "You cannot erase your own account.");
      await deleteUser(db, actorOf(principal), request.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    "/api/v1/responses/:slug/members",
    { schema: { tags: ["users"], summary: "Accounts with a role in this response", params: slugParams } },
    async (request) => {
      const response = await getResponseBySlug(db, request.params.slug);
      authorize(request, "role:assign", { responseId: response.id });
      return { items: await listMembers(db, response.id) };
    },
  );

  app.put(
    "/api/v1/responses/:slug/members/:userId",
    {
      schema: {
        tags: ["users"],
        summary: "Set an account's roles within this response",
        params: slugParams.extend({ userId: z.uuid() }),
        body: z.strictObject({ roles: z.array(roleAssignmentInput.omit({ responseSlug: true })).max(20) }),
      },
    },
    async (request) => {
      const response = await getResponseBySlug(db, request.params.slug);
      const principal = authorize(request, "role:assign", { responseId: response.id });
      return setMemberRoles(
        db,
        actorOf(principal),
        response.slug,
        response.id,
        request.params.userId,
        request.body.roles,
      );
    },
  );
}
