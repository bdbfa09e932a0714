import { z } from 'zod';

export const SETUP_STEPS = ['rooms', 'coaches', 'people', 'signIn', 'sessions'] as const;

export const SetupChecklist = z.object({
  steps: z.array(z.object({ step: z.enum(SETUP_STEPS), done: z.boolean() })),
  complete: z.boolean(),
}).meta({ id: 'SetupChecklist' });
