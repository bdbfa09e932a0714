// HTTP routes of session ratings: rate (signed in, or by the mail's link), one's own, the figures.
import { inOrg } from '../../db/transaction.ts';
import { signedIn } from '../../http/auth.ts';
import type { App, AppContext } from '../../http/context.ts';
import { commonErrors } from '../../http/errors.ts';
import { FIGURES_TAG } from '../../lib/privacy-floor.ts';
import { clientKey, rateLimit } from '../rate-limits/service.ts';
import { FeedbackSummary, IdParams, MyRating, MyRatings, RatingBody, RatingByLinkBody } from './schema.ts';
import { myRatings, rateByLink, rateSession } from './service.ts';
import { feedbackSummary } from './views.ts';

const tags = ['Feedback'];
const security = [{ session: [] }];

export function registerFeedbackRoutes(app: App, ctx: AppContext) {
  const { db, config } = ctx;

  app.put('/api/sessions/:id/rating', {
    schema: {
      tags, security, summary: 'Rate a session you took part in (1–5, a comment), from its end for 14 days; again to change it',
      description: '404 for an unknown session; 409 NOT_RATEABLE for anyone who did not take part, before its end or after the 14 days.',
      params: IdParams, body: RatingBody, response: { 200: MyRating, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => rateSession(tx, actor, request.params.id, request.body));
  });

  app.get('/api/me/ratings', {
    schema: { tags, security, summary: 'Your ratings, however long ago, and the sessions you can rate now', response: { 200: MyRatings, ...commonErrors } },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => myRatings(tx, actor));
  });

  app.post('/api/ratings/by-link', {
    schema: {
      tags, summary: 'Rate a session by the link of the "How was it?" mail, without signing in',
      description: '401 LINK_INVALID when the link is unknown or expired, or its person was deactivated; 409 NOT_RATEABLE when the seat no longer allows it.',
      body: RatingByLinkBody, response: { 200: MyRating, ...commonErrors },
    },
  }, async (request, reply) => {
    await rateLimit(db, config.rateLimits.signInsPerIp, clientKey(request.ip));
    const { token, ...input } = request.body;
    const rated = await rateByLink(db, token, input);
    if (!rated) return reply.code(401).send({ code: 'LINK_INVALID', message: 'This link has expired or is not known. Rate the session on "My sessions" instead.' });
    return rated;
  });

  app.get('/api/feedback', {
    schema: {
      tags: [...tags, FIGURES_TAG], security, summary: 'How the sessions were rated: averages by module, coach and session (admins: all; a coach: their own)',
      description: 'No figure is built from fewer than `minimum` (5) people who rated (a withheld figure: ratings and average null); nobody is told who rated what.',
      response: { 200: FeedbackSummary, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => feedbackSummary(tx, actor));
  });
}
