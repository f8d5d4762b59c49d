#!/usr/bin/env node
// The CLI runs the TypeScript sources through tsx, so `npx intersector` works without a build step.
import { register } from "tsx/esm/api";

register();
await import("../server/cli/main.ts");
