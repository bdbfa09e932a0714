// Rooms: add, change seats, retire (no new sessions there) or bring back.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../app/api.ts';
import { useMe } from '../app/me.ts';
import { DataTable } from '../app/data-table.tsx';
import { ErrorNotice, Loading, Success } from '../app/status.tsx';
import type { RoomList } from '../app/types.ts';
import { NumberInput } from '../app/number-input.tsx';

export function RoomsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const client = useQueryClient();
  // Retired rooms are listed too, or there would be nothing to bring back.
  const rooms = useQuery({ queryKey: ['rooms', 'admin'], queryFn: () => api<RoomList>('GET', '/api/rooms?includeRetired=true').then((r) => r.items) });
  const [name, setName] = useState('');
  const [site, setSite] = useState(me.site ?? '');
  const [capacity, setCapacity] = useState(6);
  const [timeZone, setTimeZone] = useState(me.timeZone);
  const refresh = () => client.invalidateQueries({ queryKey: ['rooms'] });
  const add = useMutation({ mutationFn: () => api('POST', '/api/admin/rooms', { name, site, capacity, timeZone }), onSuccess: refresh });
  const change = useMutation({
    mutationFn: ({ id, retired }: { id: string; name: string; retired: boolean }) => api('PATCH', `/api/admin/rooms/${id}`, { retired }),
    onSuccess: refresh,
  });

  return (
    <section>
      <h1>{t('rooms.title')}</h1>
      {(rooms.isPending || change.isPending) && <Loading />}
      {rooms.error && <ErrorNotice error={rooms.error} onRetry={() => void rooms.refetch()} />}
      {rooms.data && (
        <DataTable
          rows={rooms.data}
          rowKey={(r) => r.id}
          rowClassName={(r) => (r.retired ? 'retired' : undefined)}
          columns={[
            { label: t('rooms.name'), cell: (r) => r.name },
            { label: t('rooms.site'), cell: (r) => r.site },
            { label: t('rooms.capacity'), cell: (r) => r.capacity },
            { label: t('rooms.timeZone'), cell: (r) => r.timeZone },
            { label: t('rooms.status'), cell: (r) => (r.retired ? <span className="badge cancelled">{t('rooms.retired')}</span> : t('rooms.inUse')) },
            {
              label: t('people.actions'),
              actions: true,
              cell: (r) => (
                <button
                  type="button"
                  disabled={change.isPending}
                  onClick={() => change.mutate({ id: r.id, name: r.name, retired: !r.retired })}
                  aria-label={t(r.retired ? 'rooms.restoreNamed' : 'rooms.retireNamed', { name: r.name })}
                >
                  {t(r.retired ? 'rooms.restore' : 'rooms.retire')}
                </button>
              ),
            },
          ]}
        />
      )}
      {change.error && <ErrorNotice error={change.error} labels={{ name: t('rooms.name'), site: t('rooms.site'), capacity: t('rooms.capacity'), timeZone: t('rooms.timeZone') }} />}
      {change.isSuccess && <Success>{t(change.variables.retired ? 'rooms.retiredNamed' : 'rooms.restoredNamed', { name: change.variables.name })}</Success>}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate();
        }}
      >
        <label>
          {t('rooms.name')}
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
        </label>
        <label>
          {t('rooms.site')}
          <input value={site} onChange={(e) => setSite(e.target.value)} required maxLength={200} />
        </label>
        <label>
          {t('rooms.capacity')}
          <NumberInput min={2} max={500} value={capacity} onValue={setCapacity} required />
        </label>
        <label>
          {t('rooms.timeZone')}
          <input value={timeZone} onChange={(e) => setTimeZone(e.target.value)} required />
        </label>
        <button type="submit" className="primary" disabled={add.isPending}>
          {t('rooms.add')}
        </button>
      </form>
      {add.error && <ErrorNotice error={add.error} labels={{ name: t('rooms.name'), site: t('rooms.site'), capacity: t('rooms.capacity'), timeZone: t('rooms.timeZone') }} />}
      {add.isSuccess && <Success>{t('rooms.saved')}</Success>}
    </section>
  );
}
