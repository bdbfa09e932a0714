// Texts of waiting lists (the button on a full session, one's lines in My sessions, the refusals),
// added to the translations when one of them loads.
import { i18next } from '../app/i18n.ts';

const en = {
  waitlist: {
    join: 'Join the waiting list',
    joining: 'Joining…',
    joinNamed: 'Join the waiting list for {{title}}',
    joined: 'You are on the waiting list. When a seat frees, it is yours automatically, and you get the confirmation by e-mail.',
    position: 'You are number {{position}} in line',
    leave: 'Leave the waiting list',
    leaveNamed: 'Leave the waiting list for {{title}}',
    leaving: 'Leaving…',
    left: 'You left the waiting list.',
    title: 'Waiting lists',
    intro: 'When a seat frees, the first person in line whose own limits allow it gets it automatically and is told by e-mail. Waiting lists close when the cancellation period begins.',
    none: 'You are not on any waiting list.',
  },
  errors: {
    SESSION_NOT_FULL: 'This session has a free seat again: you can take it directly.',
    ALREADY_WAITING: 'You are already on the waiting list of this session.',
    WAITLIST_CLOSED: 'The waiting list has closed: it closes {{cutoffMinutes}} minutes before the start, when seats can no longer be given up.',
    NOT_WAITING: 'You are no longer on this waiting list — perhaps you have just been given a seat. Look at your sessions.',
  },
};

const de = {
  waitlist: {
    join: 'Auf die Warteliste',
    joining: 'Wird eingetragen…',
    joinNamed: 'Auf die Warteliste für {{title}}',
    joined: 'Sie stehen auf der Warteliste. Wird ein Platz frei, gehört er automatisch Ihnen, und Sie erhalten die Bestätigung per E-Mail.',
    position: 'Sie sind Nummer {{position}} auf der Warteliste',
    leave: 'Warteliste verlassen',
    leaveNamed: 'Warteliste für {{title}} verlassen',
    leaving: 'Wird ausgetragen…',
    left: 'Sie haben die Warteliste verlassen.',
    title: 'Wartelisten',
    intro: 'Wird ein Platz frei, erhält ihn automatisch die erste Person auf der Warteliste, deren eigene Grenzen es erlauben, und sie wird per E-Mail benachrichtigt. Wartelisten schließen, wenn die Stornofrist beginnt.',
    none: 'Sie stehen auf keiner Warteliste.',
  },
  errors: {
    SESSION_NOT_FULL: 'In diesem Termin ist wieder ein Platz frei: Sie können ihn direkt buchen.',
    ALREADY_WAITING: 'Sie stehen bereits auf der Warteliste dieses Termins.',
    WAITLIST_CLOSED: 'Die Warteliste ist geschlossen: Sie schließt {{cutoffMinutes}} Minuten vor Beginn, wenn Plätze nicht mehr abgegeben werden können.',
    NOT_WAITING: 'Sie stehen nicht mehr auf dieser Warteliste — vielleicht haben Sie gerade einen Platz bekommen. Sehen Sie in Ihren Terminen nach.',
  },
};

i18next.addResourceBundle('en', 'translation', en, true, false);
i18next.addResourceBundle('de', 'translation', de, true, false);
