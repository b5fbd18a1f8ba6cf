#!/usr/bin/env node
// Entry for `npx amana`: Node runs the TypeScript CLI directly (type stripping, Node >= 22.12).
import '../src/cli/amana.ts';
