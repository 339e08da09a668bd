#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx (a runtime dependency), so that the
// installed command needs no build step.
import { register } from "tsx/esm/api";
register();
await import("../src/cli.ts");
