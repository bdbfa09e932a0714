// The privacy notice as the API gives it to this visitor: their organisation's, with whether the
// short notice is due, or the generic one when not signed in. Shared by the frame and the page.
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Acknowledgement, PrivacyNotice } from '../../features/privacy-notice/schema.ts';
import { api } from '../app/api.ts';

export type PrivacyNoticeView = z.infer<typeof PrivacyNotice>;
export type AcknowledgementView = z.infer<typeof Acknowledgement>;

export const PRIVACY_NOTICE_KEY = ['privacy-notice'] as const;

export function usePrivacyNotice(enabled = true) {
  return useQuery({ queryKey: PRIVACY_NOTICE_KEY, queryFn: () => api<PrivacyNoticeView>('GET', '/api/privacy-notice'), enabled, staleTime: 5 * 60_000 });
}

/** Records that the person read `version`; a 409 PRIVACY_NOTICE_CHANGED means a newer one is to be shown. */
export function acknowledge(version: string): Promise<AcknowledgementView> {
  return api<AcknowledgementView>('POST', '/api/me/privacy-notice/seen', { version });
}

/** The organisation's addition in the reader's language, else in the other one. */
export function extraText(controller: NonNullable<PrivacyNoticeView['controller']>, language: string): string {
  const [mine, other] = language.startsWith('de') ? [controller.extraTextDe, controller.extraTextEn] : [controller.extraTextEn, controller.extraTextDe];
  return mine || other;
}
