// What a session's calendar entry says, composed once for the mailed invitation, the personal feed
// and a booking's file: they share a UID, so a reader who has two of them must see one entry, and
// a place's note left out of one of them was a note the reader never saw.
import type { SessionFacts } from '../queries.ts';
import type { Wording } from './wording.ts';

export interface SessionEventTexts {
  summary: string;
  description: string;
  location: string;
  url: string;
}

/** In the reader's words (wording(their locale)), as the mails around the invitation are. */
export function sessionEventTexts(s: SessionFacts, w: Wording, baseUrl: string): SessionEventTexts {
  const url = `${baseUrl}/sessions/${s.id}`;
  return {
    summary: w.calendarSummary(s.module_title),
    description: [s.module_summary, w.calendarCoach(s.coach_name), s.location_note, url].filter(Boolean).join('\n\n'),
    location: sessionPlace(s, w),
    url,
  };
}

/** The room with its note; an online session's is its link alone, as clients open LOCATION as an address. */
function sessionPlace(s: SessionFacts, w: Wording): string {
  if (s.format === 'virtual') return s.online_url ?? '';
  const room = w.inRoom(s.room_name ?? '', s.room_site ?? '');
  return s.location_note ? `${room} (${s.location_note})` : room;
}
