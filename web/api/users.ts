import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { UserOutput, userInput, userUpdate } from "../../common/schemas/users.ts";
import { api } from "./client.ts";

export type UserInput = z.input<typeof userInput>;
export type UserUpdate = z.input<typeof userUpdate>;

export function useUsers(enabled: boolean) {
  return useQuery({
    queryKey: ["users"],
    queryFn: () => api<{ items: UserOutput[] }>("/users"),
    select: (data) => data.items,
    enabled,
  });
}

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: UserInput) => api<UserOutput>("/users", { method: "POST", body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: ["users"] }),
  });
}

export function useUpdateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: UserUpdate }) =>
      api<UserOutput>(`/users/${id}`, { method: "PATCH", body: patch }),
    onSuccess: () => client.invalidateQueries({ queryKey: ["users"] }),
  });
}
