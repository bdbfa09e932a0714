// The rooms free for a whole time span; the room a session already has is offered too.
import { useTranslation } from 'react-i18next';
import type { Room } from '../app/types.ts';
import { useRooms } from '../sessions/catalog.ts';
import { ErrorNotice, Loading } from '../app/status.tsx';

export function RoomSelect({ label, free, value, onChange, current }: {
  label: string;
  free: { from: string; to: string } | null;
  value: string;
  onChange: (roomId: string) => void;
  current?: Room | { id: string; name: string; site: string } | null;
}) {
  const { t } = useTranslation();
  const rooms = useRooms(free ?? undefined);
  if (!free) return <p className="hint">{t('publish.pickTimeFirst')}</p>;
  if (rooms.isPending) return <Loading />;
  if (rooms.error) return <ErrorNotice error={rooms.error} onRetry={() => void rooms.refetch()} />;
  const options = current && !rooms.data.some((r) => r.id === current.id) ? [current, ...rooms.data] : rooms.data;
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)} required>
        <option value="">{options.length === 0 ? t('coach.noRooms') : '—'}</option>
        {options.map((r) => (
          <option key={r.id} value={r.id}>
            {r.name}, {r.site}
            {'capacity' in r ? ` (${r.capacity})` : ''}
          </option>
        ))}
      </select>
    </label>
  );
}
