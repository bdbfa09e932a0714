// The pages with upcoming and past sessions open on the view their address names (?view=past), so
// a mail, a back link or a bookmark can open the past ones.
export type SessionsView = 'upcoming' | 'past';

export function viewOf(params: URLSearchParams): SessionsView {
  return params.get('view') === 'past' ? 'past' : 'upcoming';
}
