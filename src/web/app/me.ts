// Who is signed in. Every page below the layout can rely on it being loaded.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import { api, ApiError } from './api.ts';
import type { Me, Role } from './types.ts';

export const ME_KEY = ['me'] as const;

/** The signed-in person; nobody signed in fails as a 401 would, for the layout to show the sign-in form. */
export async function fetchMe(): Promise<Me> {
  const { me } = await api<{ me: Me | null }>('GET', '/api/session');
  if (!me) throw new ApiError(401, 'UNAUTHENTICATED', 'Not signed in.');
  return me;
}

export function useMeQuery() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, retry: false, staleTime: 60_000 });
}

export const MeContext = createContext<Me | null>(null);

export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe outside the signed-in layout');
  return me;
}

export function hasRole(me: Me, role: Role): boolean {
  return me.roles.includes(role);
}

export function useSetMe() {
  const client = useQueryClient();
  return (me: Me) => client.setQueryData(ME_KEY, me);
}
