// Shapes of the development inbox's requests (its routes are left out of the OpenAPI document).
import { z } from 'zod';

export const CaughtMessageParams = z.object({ id: z.string().max(200) });
