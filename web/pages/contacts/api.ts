import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  ConfirmationInput,
  ConfirmationView,
  ContactInput,
  ContactList,
  ContactOutput,
  ContactUpdate,
} from "../../../common/schemas/contacts.ts";
import { api } from "../../api/client.ts";

export type { ConfirmationView, ContactOutput };

export interface ContactFilter {
  q?: string;
  organisation?: string;
  platform?: string;
  sector?: string;
  stale?: "true";
  chairs?: "true";
}

export const contactsPath = (slug: string) => `/responses/${encodeURIComponent(slug)}/contacts`;
const key = (slug: string) => ["responses", slug, "contacts"];

/** One page of the contact list (signed-in users only; the query waits for a session). */
export function useContacts(
  slug: string,
  filter: ContactFilter & { cursor?: string; limit?: number },
  enabled = true,
) {
  return useQuery({
    queryKey: [...key(slug), "list", filter],
    queryFn: () => api<ContactList>(contactsPath(slug), { query: { limit: 50, ...filter } }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Accounts with a role in the response, to link a person to theirs (response managers only). */
export function useMembers(slug: string, enabled: boolean) {
  return useQuery({
    queryKey: ["responses", slug, "members"],
    queryFn: () =>
      api<{ items: { id: string; email: string; name: string }[] }>(
        `/responses/${encodeURIComponent(slug)}/members`,
      ),
    select: (page) => page.items,
    enabled,
  });
}

function useInvalidate(slug: string) {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: key(slug) });
}

export function useSaveContact(slug: string, id: string | null) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: (input: ContactInput | ContactUpdate) =>
      id
        ? api<ContactOutput>(`${contactsPath(slug)}/${id}`, { method: "PATCH", body: input })
        : api<ContactOutput>(contactsPath(slug), { method: "POST", body: input }),
    onSuccess: invalidate,
  });
}

export function useDeleteContact(slug: string) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: (id: string) => api<void>(`${contactsPath(slug)}/${id}`, { method: "DELETE" }),
    onSuccess: invalidate,
  });
}

export function useRequestConfirmation(slug: string) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: (ids: string[]) =>
      api<{ requested: number; failed: string[] }>(`${contactsPath(slug)}/request-confirmation`, {
        method: "POST",
        body: { ids },
      }),
    onSuccess: invalidate,
  });
}

const confirmationsPath = (slug: string) => `/responses/${encodeURIComponent(slug)}/contact-confirmations`;

/** The entry a confirmation link is for (public: the token is the key). */
export function useConfirmationView(slug: string, token: string) {
  return useQuery({
    queryKey: ["contact-confirmation", slug, token],
    queryFn: () =>
      api<ConfirmationView>(`${confirmationsPath(slug)}/view`, { method: "POST", body: { token } }),
    enabled: !!token,
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useConfirmContact(slug: string) {
  return useMutation({
    mutationFn: (input: ConfirmationInput) =>
      api<ConfirmationView>(`${confirmationsPath(slug)}/confirm`, { method: "POST", body: input }),
  });
}
