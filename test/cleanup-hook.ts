// A setup file of every test run: registered first, this afterAll runs last in each file.
import { afterAll } from 'vitest';
import { runCleanups } from './cleanup.ts';

afterAll(runCleanups);
