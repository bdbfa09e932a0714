// Texts of changing a session's time: shown in the coach area and on the session page (for its
// coach and admins), so added to the translations when the form loads, not with the coach area.
import { i18next } from '../app/i18n.ts';

const en = {
  changeTime: {
    open: 'Change time',
    openFor: 'Change the time of {{title}}',
    start: 'New date and start time',
    zone: 'In the session’s time zone, {{zone}}. The length stays as it is.',
    save: 'Move the session',
    unchanged: 'This is the time the session already has.',
    done: 'Moved to {{when}}; everyone with a seat is told.',
    refused: 'The session keeps its time:',
  },
};

const de: typeof en = {
  changeTime: {
    open: 'Zeit ändern',
    openFor: 'Zeit von {{title}} ändern',
    start: 'Neues Datum und neuer Beginn',
    zone: 'In der Zeitzone des Termins, {{zone}}. Die Dauer bleibt gleich.',
    save: 'Termin verschieben',
    unchanged: 'Diese Zeit hat der Termin bereits.',
    done: 'Verschoben auf {{when}}; alle mit Platz werden benachrichtigt.',
    refused: 'Der Termin behält seine Zeit:',
  },
};

i18next.addResourceBundle('en', 'translation', en, true, false);
i18next.addResourceBundle('de', 'translation', de, true, false);
