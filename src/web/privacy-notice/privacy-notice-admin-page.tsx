// /admin/privacy-notice: the organisation's controller details for the privacy notice — legal name
// and address, the contact for data protection, the supervisory authority and an addition in both
// languages. A field the API refuses is marked and named in the reader's language.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { z } from 'zod';
import type { AdminPrivacyNotice, ControllerDetails } from '../../features/privacy-notice/schema.ts';
import { api, ApiError } from '../app/api.ts';
import { i18next } from '../app/i18n.ts';
import { ErrorNotice, Loading, Success } from '../app/status.tsx';
import { PRIVACY_NOTICE_KEY } from './notice-query.ts';
import { privacyNoticeDe, privacyNoticeEn } from './privacy-notice-texts.ts';
import './privacy-notice.css';

i18next.addResourceBundle('en', 'translation', privacyNoticeEn, true, false);
i18next.addResourceBundle('de', 'translation', privacyNoticeDe, true, false);

type AdminNotice = z.infer<typeof AdminPrivacyNotice>;
type Details = z.infer<typeof ControllerDetails>;

const ADMIN_KEY = ['admin', 'privacy-notice'] as const;
const EMPTY: Details = {
  controllerName: '', controllerAddress: '', contactName: '', contactEmail: '', authorityName: '', authorityUrl: '', extraTextEn: '', extraTextDe: '',
};

/** Each field: its input and limits (the API checks them again). */
const FIELDS: ReadonlyArray<{ key: keyof Details; max: number; required?: boolean; lines?: number; type?: 'email' | 'url'; autoComplete?: string }> = [
  { key: 'controllerName', max: 200, required: true, autoComplete: 'organization' },
  { key: 'controllerAddress', max: 500, required: true, lines: 3 },
  { key: 'contactName', max: 200 },
  { key: 'contactEmail', max: 254, required: true, type: 'email' },
  { key: 'authorityName', max: 200, required: true },
  { key: 'authorityUrl', max: 500, type: 'url' },
  { key: 'extraTextEn', max: 2000, lines: 4 },
  { key: 'extraTextDe', max: 2000, lines: 4 },
];

export function PrivacyNoticeAdminPage() {
  const { t } = useTranslation();
  const current = useQuery({ queryKey: ADMIN_KEY, queryFn: () => api<AdminNotice>('GET', '/api/admin/privacy-notice') });
  return (
    <section className="narrow privacy-admin">
      <h1>{t('privacyNotice.title')}</h1>
      <p>{t('privacyNotice.adminIntro')}</p>
      <p><Link to="/privacy">{t('privacyNotice.adminPreview')}</Link></p>
      {current.isPending && <Loading />}
      {current.error && <ErrorNotice error={current.error} onRetry={() => void current.refetch()} />}
      {current.data && <DetailsForm saved={current.data} />}
    </section>
  );
}

function DetailsForm({ saved }: { saved: AdminNotice }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [draft, setDraft] = useState<Details>(saved.details ?? EMPTY);
  const save = useMutation({
    mutationFn: async (body: Details) => {
      const before = client.getQueryData<AdminNotice>(ADMIN_KEY)?.version;
      const answer = await api<AdminNotice>('PUT', '/api/admin/privacy-notice', body);
      return { answer, shownAgain: answer.version !== before };
    },
    onSuccess: ({ answer }) => {
      client.setQueryData(ADMIN_KEY, answer);
      // The admin's own notice (and whether it is due) follows the new version.
      void client.invalidateQueries({ queryKey: PRIVACY_NOTICE_KEY });
      if (answer.details) setDraft(answer.details);
    },
  });
  const wrong = new Set((save.error instanceof ApiError ? save.error.fields : []).map((f) => f.field.replace(/^body\./, '')));

  return (
    <form
      className="stacked"
      aria-label={t('privacyNotice.title')}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(draft);
      }}
    >
      {!saved.details && <p className="notice warning">{t('privacyNotice.notYet')}</p>}
      {FIELDS.map(({ key, max, required, lines, type, autoComplete }) => {
        const common = {
          name: key, value: draft[key], maxLength: max, required, autoComplete: autoComplete ?? 'off',
          'aria-invalid': wrong.has(key) || undefined,
          onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => setDraft({ ...draft, [key]: e.target.value }),
        };
        return (
          <label key={key}>
            {t(`privacyNotice.${key}`)}
            {lines ? <textarea rows={lines} {...common} /> : <input type={type ?? 'text'} {...common} />}
          </label>
        );
      })}
      <button type="submit" className="primary" disabled={save.isPending}>{t('privacyNotice.save')}</button>
      {save.data && !save.isPending && (
        <Success>{t(save.data.shownAgain ? 'privacyNotice.savedShownAgain' : 'privacyNotice.saved', { version: save.data.answer.version })}</Success>
      )}
      {/* Refusals name each field as its label above says. */}
      {save.error && <ErrorNotice error={save.error} labels={Object.fromEntries(FIELDS.map(({ key }) => [key, t(`privacyNotice.${key}`)]))} />}
    </form>
  );
}
