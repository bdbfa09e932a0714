// Where a session's page leads back to: the list the reader most likely came from.
export interface BackLink {
  to: string;
  label: 'session.back' | 'session.backCoach' | 'session.backMine';
}

export function backLink(o: { started: boolean; coachedByMe: boolean }): BackLink {
  // The coach's own session, upcoming or held, came from Coaching, not from the open list.
  if (o.coachedByMe) return { to: o.started ? '/coach?view=past' : '/coach', label: 'session.backCoach' };
  return o.started ? { to: '/my-sessions?view=past', label: 'session.backMine' } : { to: '/sessions', label: 'session.back' };
}
