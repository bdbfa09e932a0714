// Row types of cohorts (migration 026): a fixed group of people put into groups for R rounds by the
// group solver, previewed as a draft and published whole. Keep in step with migrations/*.sql;
// schema.ts gathers them into Database.
import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Timestamp, UpdatedAt } from './schema-columns.ts';

export type CohortStatus = 'draft' | 'published';
export type CohortSolverStatus = 'queued' | 'solving' | 'done' | 'failed';

/** The solver's bound for one department: no group can hold fewer than `bound` of its people. */
export interface CohortDepartmentBound {
  department: string;
  people: number;
  bound: number;
}

type Json<T> = ColumnType<T, string, string>;

export interface CohortsTable {
  org_id: string;
  id: Generated<string>;
  name: string;
  module_id: string;
  status: Generated<CohortStatus>;
  group_size: Generated<number>;
  rounds: number;
  time_zone: string;
  duration_minutes: number;
  format: 'in_person' | 'virtual';
  language: 'en' | 'de' | null;
  seed: number;
  solver_status: Generated<CohortSolverStatus>;
  solver_phase: string | null;
  solver_repeats: number | null;
  solver_elapsed_ms: number | null;
  solver_error: string | null;
  solver_method: string | null;
  solver_updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  /** rounds[r][g] = person ids. */
  schedule: Json<string[][][]> | null;
  department_bounds: Json<CohortDepartmentBound[]> | null;
  created_by: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  published_at: Timestamp | null;
  published_by: string | null;
}

export interface CohortMembersTable {
  org_id: string;
  cohort_id: string;
  person_id: string;
  position: number;
  department: string | null;
}

export interface CohortRoundsTable {
  org_id: string;
  cohort_id: string;
  round: number;
  starts_at: Timestamp;
}

export interface CohortGroupsTable {
  org_id: string;
  cohort_id: string;
  round: number;
  group_no: number;
  coach_id: string;
  room_id: string | null;
  online_url: string | null;
  session_id: string | null;
}
