// Texts of an employee's own calendar (the profile's section, the clash mark on open sessions),
// added to the translations when one of them loads.
import { i18next } from '../app/i18n.ts';

const en = {
  calendarOverlay: {
    title: 'Your calendar',
    intro: 'Connect a calendar you already publish, and open sessions that clash with your busy times are marked. Only busy times are read and kept for an hour — no titles, places or people. The address is stored encrypted and never shown again.',
    where: 'In Outlook: Settings › Calendar › Shared calendars › Publish a calendar, “Can view when I’m busy”, then the ICS link. In Google Calendar: Settings › your calendar › “Secret address in iCal format”.',
    address: 'ICS address of your calendar',
    placeholder: 'https://…/calendar.ics',
    connect: 'Connect calendar',
    replace: 'Replace address',
    saving: 'Fetching your calendar…',
    remove: 'Disconnect',
    removing: 'Disconnecting…',
    removed: 'Your calendar is disconnected; its address and busy times are deleted.',
    notConnected: 'No calendar connected.',
    connected: 'Connected: a calendar at {{host}}.',
    fetchedAt: 'Last fetched {{when}}.',
    notFetched: 'Not fetched yet.',
    fetchFailed: 'The last fetch failed: {{reason}}',
    errors: {
      refused_address: 'the address points into a private network, which Quartet does not reach.',
      unreachable: 'the server could not be reached.',
      timeout: 'the server did not answer within 5 seconds.',
      too_large: 'the calendar is larger than 1 MB.',
      too_many_redirects: 'the address redirects too often.',
      http_status: 'the server answered with an error (is the address still published?).',
      not_calendar: 'the address does not lead to a calendar file (ICS).',
      too_complex: 'the calendar has repeating events or time zones that cannot be worked out in time (a rule that never or far too often repeats).',
      key_changed: 'the address can no longer be read; please enter it again.',
    },
    clash: 'Clashes with your calendar',
  },
};

const de: typeof en = {
  calendarOverlay: {
    title: 'Ihr Kalender',
    intro: 'Verbinden Sie einen Kalender, den Sie bereits veröffentlichen, und offene Termine, die mit Ihren belegten Zeiten kollidieren, werden markiert. Nur belegte Zeiten werden gelesen und eine Stunde lang gespeichert – keine Titel, Orte oder Personen. Die Adresse wird verschlüsselt gespeichert und nie wieder angezeigt.',
    where: 'In Outlook: Einstellungen › Kalender › Freigegebene Kalender › Kalender veröffentlichen, „Kann sehen, wann ich beschäftigt bin“, dann den ICS-Link. In Google Kalender: Einstellungen › Ihr Kalender › „Privatadresse im iCal-Format“.',
    address: 'ICS-Adresse Ihres Kalenders',
    placeholder: 'https://…/calendar.ics',
    connect: 'Kalender verbinden',
    replace: 'Adresse ersetzen',
    saving: 'Kalender wird abgerufen …',
    remove: 'Trennen',
    removing: 'Wird getrennt …',
    removed: 'Ihr Kalender ist getrennt; Adresse und belegte Zeiten sind gelöscht.',
    notConnected: 'Kein Kalender verbunden.',
    connected: 'Verbunden: ein Kalender auf {{host}}.',
    fetchedAt: 'Zuletzt abgerufen {{when}}.',
    notFetched: 'Noch nicht abgerufen.',
    fetchFailed: 'Der letzte Abruf ist fehlgeschlagen: {{reason}}',
    errors: {
      refused_address: 'Die Adresse zeigt in ein privates Netz, das Quartet nicht erreicht.',
      unreachable: 'Der Server war nicht erreichbar.',
      timeout: 'Der Server hat nicht innerhalb von 5 Sekunden geantwortet.',
      too_large: 'Der Kalender ist größer als 1 MB.',
      too_many_redirects: 'Die Adresse leitet zu oft weiter.',
      http_status: 'Der Server hat mit einem Fehler geantwortet (ist die Adresse noch veröffentlicht?).',
      not_calendar: 'Die Adresse führt zu keiner Kalenderdatei (ICS).',
      too_complex: 'Der Kalender enthält Serientermine oder Zeitzonen, die sich nicht rechtzeitig auswerten lassen (eine Regel, die nie oder viel zu oft wiederholt).',
      key_changed: 'Die Adresse kann nicht mehr gelesen werden; bitte geben Sie sie erneut ein.',
    },
    clash: 'Kollidiert mit Ihrem Kalender',
  },
};

i18next.addResourceBundle('en', 'translation', en, true, false);
i18next.addResourceBundle('de', 'translation', de, true, false);
