import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Principal } from "../../common/permissions.ts";
import { api, setCsrfToken } from "./client.ts";

export interface Session {
  user: Principal | null;
  csrfToken: string | null;
}

export const sessionKey = ["session"] as const;

async function fetchSession(): Promise<Session> {
  const session = await api<Session>("/auth/session");
  setCsrfToken(session.csrfToken);
  return session;
}

/** Who is signed in (null when anonymous); also keeps the CSRF token for writes. */
export function useSession() {
  return useQuery({ queryKey: sessionKey, queryFn: fetchSession, staleTime: 5 * 60_000 });
}

/** The signed-in principal, or null (also while the session loads). */
export function useUser(): Principal | null {
  return useSession().data?.user ?? null;
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: string; password: string }) =>
      api<Session>("/auth/login", { method: "POST", body: input }),
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      // Permissions change what every page shows: refetch everything under the new identity.
      client.setQueryData(sessionKey, session);
      void client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== "session" });
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>("/auth/logout", { method: "POST" }),
    onSettled: () => {
      setCsrfToken(null);
      client.setQueryData(sessionKey, { user: null, csrfToken: null });
      void client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== "session" });
    },
  });
}

export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: (email: string) =>
      api<{ message: string }>("/auth/password-reset", { method: "POST", body: { email } }),
  });
}

export function useConfirmPasswordReset() {
  return useMutation({
    mutationFn: (input: { token: string; password: string }) =>
      api<void>("/auth/password-reset/confirm", { method: "POST", body: input }),
  });
}
