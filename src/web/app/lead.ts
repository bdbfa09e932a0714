// A lead time such as the cancellation cut-off, said the way the mails say it (notifications/compose/
// wording.ts formatLead): whole days or hours where the minutes divide evenly, else minutes, so a
// page never says "120 minutes" for what the confirmation mail called "2 hours".
import type { i18n as I18n } from 'i18next';

export function leadUnit(minutes: number): { unit: 'days' | 'hours' | 'minutes'; count: number } {
  if (minutes > 0 && minutes % 1440 === 0) return { unit: 'days', count: minutes / 1440 };
  if (minutes > 0 && minutes % 60 === 0) return { unit: 'hours', count: minutes / 60 };
  return { unit: 'minutes', count: minutes };
}

/** `{{cutoffMinutes, lead}}` in a text: the minutes as "2 hours" / "2 Stunden", in units' singular or plural. */
export function addLeadFormat(i18n: I18n): void {
  i18n.services.formatter?.add('lead', (value: unknown, lng: string | undefined) => {
    const { unit, count } = leadUnit(Number(value));
    return i18n.t(`units.${unit}`, { count, lng });
  });
}
