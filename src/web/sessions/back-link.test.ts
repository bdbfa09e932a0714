// A session page's way back: a coach's own session leads to Coaching (its past view once held),
// never to the open sessions; anyone else's to the open sessions, or My sessions once begun.
import { describe, expect, it } from 'vitest';
import { viewOf } from '../app/view-param.ts';
import { backLink } from './back-link.ts';

describe('the back link of a session page', () => {
  it('leads a coach to Coaching, before and after the session', () => {
    expect(backLink({ started: false, coachedByMe: true })).toEqual({ to: '/coach', label: 'session.backCoach' });
    expect(backLink({ started: true, coachedByMe: true })).toEqual({ to: '/coach?view=past', label: 'session.backCoach' });
  });

  it('leads anyone else to the open sessions, or to their past sessions once it began', () => {
    expect(backLink({ started: false, coachedByMe: false })).toEqual({ to: '/sessions', label: 'session.back' });
    expect(backLink({ started: true, coachedByMe: false })).toEqual({ to: '/my-sessions?view=past', label: 'session.backMine' });
  });

  it('lands on the view its address names', () => {
    for (const { to } of [backLink({ started: true, coachedByMe: true }), backLink({ started: true, coachedByMe: false })]) {
      expect(viewOf(new URL(to, 'http://quartet.test').searchParams)).toBe('past');
    }
    expect(viewOf(new URLSearchParams(''))).toBe('upcoming');
    expect(viewOf(new URLSearchParams('view=nonsense'))).toBe('upcoming');
  });
});
