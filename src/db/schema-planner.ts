// Row types of the programme planner's proposals (migration 037). Keep in step with
// migrations/*.sql; schema.ts gathers them into Database. The jsonb columns' shapes are the
// planner's (features/planner/stored-proposal.ts); here they are opaque.
import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Timestamp, UpdatedAt } from './schema-columns.ts';

type Jsonb = ColumnType<unknown, string, string>;

export interface PlanProposalsTable {
  org_id: string;
  id: Generated<string>;
  status: Generated<'draft' | 'published'>;
  demand: Jsonb;
  horizon_start: Timestamp;
  weeks: number;
  input: Jsonb;
  sessions: Jsonb;
  gaps: Jsonb;
  achievable_per_week: number[];
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  published_by: string | null;
  published_at: Timestamp | null;
  published_session_ids: Generated<string[]>;
}
