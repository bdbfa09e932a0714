#!/usr/bin/env node
// The quartet command line. Each command is a new process that loads most of Quartet; Node's
// compile cache keeps the compiled modules between runs, so a command starts in about half the time
// after the first. It must be on before the modules load, hence this entry and the import after it.
// The cache lives beside the installed packages, not in the shared temporary directory, where
// another account could plant compiled code.
import { enableCompileCache } from 'node:module';
import path from 'node:path';

enableCompileCache(path.join(import.meta.dirname, '..', 'node_modules', '.cache', 'node-compile-cache'));
await import('./cli-commands.ts');
