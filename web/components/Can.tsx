import type { ReactNode } from "react";
import { type Action, can, type Target } from "../../common/permissions.ts";
import { useUser } from "../api/session.ts";

/** `allowed(action, target)` for the signed-in user; a courtesy, the server decides. */
export function usePermission() {
  const user = useUser();
  return (action: Action, target: Target = {}) => can(user, action, target);
}

interface CanProps {
  action: Action;
  target?: Target;
  children: ReactNode;
  fallback?: ReactNode;
}

/** Renders its children only when the signed-in user may perform the action. */
export function Can({ action, target, children, fallback = null }: CanProps) {
  const allowed = usePermission();
  return <>{allowed(action, target) ? children : fallback}</>;
}
