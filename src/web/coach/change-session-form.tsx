// Change where a session happens: another room free at its time, a new link, or a note.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../app/api.ts';
import { ErrorNotice, Success } from '../app/status.tsx';
import type { Format, Session } from '../app/types.ts';
import { RoomSelect } from './room-select.tsx';

export function ChangeSessionForm({ session }: { session: Session }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [format, setFormat] = useState<Format>(session.format);
  const [roomId, setRoomId] = useState(session.room?.id ?? '');
  const [link, setLink] = useState(session.onlineUrl ?? '');
  const [note, setNote] = useState(session.locationNote ?? '');
  const save = useMutation({
    mutationFn: () =>
      api<Session>('PATCH', `/api/sessions/${session.id}`, {
        format,
        ...(format === 'in_person' ? { roomId } : { onlineUrl: link }),
        locationNote: note.trim() || null,
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['sessions'] }),
  });
  return (
    <form
      className="stacked"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <label>
        {t('coach.format')}
        <select value={format} onChange={(e) => setFormat(e.target.value as Format)}>
          <option value="in_person">{t('formats.in_person')}</option>
          <option value="virtual">{t('formats.virtual')}</option>
        </select>
      </label>
      {format === 'in_person' ? (
        <RoomSelect label={t('coach.roomsFree')} free={{ from: session.startsAt, to: session.endsAt }} value={roomId} onChange={setRoomId} current={session.room} />
      ) : (
        <label>
          {t('coach.link')}
          <input type="url" value={link} onChange={(e) => setLink(e.target.value)} required />
        </label>
      )}
      <label>
        {t('coach.note')}
        <textarea value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} rows={2} />
      </label>
      <button type="submit" className="primary" disabled={save.isPending}>
        {t('coach.save')}
      </button>
      {save.isSuccess && <Success>{t('coach.changedDone')}</Success>}
      {save.error && <ErrorNotice error={save.error} />}
    </form>
  );
}
