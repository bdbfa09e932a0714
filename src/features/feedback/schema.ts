// Shapes of session ratings and the figures built from them (validation, the OpenAPI document, and
// the web app's types). No shape carries who rated: a figure is an average of at least five, and it
// changes only by releases of at least five (migration 041).
import { z } from 'zod';

export const IdParams = z.object({ id: z.uuid() });

const Rating = z.number().int().min(1).max(5).describe('1 (not useful) to 5 (excellent)');
const Comment = z.string().trim().max(1000).describe('Optional; read by the coach and admins only within figures of at least five ratings, never with a name');

export const RatingBody = z.strictObject({ rating: Rating, comment: Comment.optional() });

export const RatingByLinkBody = z.strictObject({
  token: z.string().min(20).max(200).describe('The token from the link in the "How was it?" mail'),
  rating: Rating,
  comment: Comment.optional(),
});

export const MyRating = z
  .object({
    sessionId: z.uuid(),
    moduleTitle: z.string(),
    startsAt: z.iso.datetime({ offset: true }),
    rating: z.number().int().nullable(),
    comment: z.string(),
    rateableUntil: z.iso.datetime({ offset: true }),
    rateable: z.boolean().describe('Whether it can be rated (again) now; false for a rating given earlier, shown but no longer changed'),
  })
  .meta({ id: 'MyRating' });
export const MyRatings = z.object({ items: z.array(MyRating) }).meta({ id: 'MyRatings' });

const Figure = z
  .object({
    ratings: z.int().nullable().describe('How many released ratings there are; null: withheld, fewer than `minimum` people rated (or the figure would give such a group away)'),
    average: z.number().nullable().describe('null: withheld as `ratings`, or nobody rated yet'),
    comments: z.array(z.string()).describe('Comments, without names or dates, only where the average is shown'),
  })
  .meta({ id: 'RatingFigure' });

export const FeedbackSummary = z
  .object({
    minimum: z.int().describe('The fewest people who rated that any figure is built from (the privacy floor, 5)'),
    ratingDays: z.int().describe('How many days after its session a rating can be given or changed. Figures hold only final ratings (a day after that), '
      + 'entered in releases of at least `minimum` people, so that two looks at a figure never differ by fewer than `minimum` people'),
    overall: Figure,
    byModule: z.array(z.object({ moduleId: z.uuid(), title: z.string(), figure: Figure })),
    byCoach: z.array(z.object({ coachId: z.uuid(), name: z.string(), figure: Figure })).describe('Admins: every coach; a coach: themselves'),
    bySession: z.array(z.object({ sessionId: z.uuid(), moduleTitle: z.string(), startsAt: z.iso.datetime({ offset: true }), figure: Figure }))
      .describe('Only sessions whose figure is shown: at least `minimum` people rated (rare: a session seats four)'),
  })
  .meta({ id: 'FeedbackSummary' });
