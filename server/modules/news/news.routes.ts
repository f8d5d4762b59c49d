import type { App, AppContext } from "../../context.ts";

/** News and stories: filled in below. */
export async function newsRoutes(_app: App, _context: AppContext) {}
