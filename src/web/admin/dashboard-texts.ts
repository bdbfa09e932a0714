// Texts of the dashboard's quarter (what took place apart from what is booked, the rates and the
// reach), added to the translations when the dashboard loads. The weekly charts keep theirs in texts.ts.
import { i18next } from '../app/i18n.ts';

const en = {
  dashboardQuarter: {
    heading: 'This quarter, since {{start}}',
    attended: 'Took part',
    attendedFigure: '{{count}} of {{employees}} employees ({{percent}} %) took part in a session that has taken place.',
    booked: 'Booked',
    bookedFigure: '{{count}} of {{employees}} employees ({{percent}} %) hold a seat in a session still to come.',
    fill: 'Seats filled',
    fillFigure: '{{taken}} of {{offered}} seats in {{sessions}} sessions held.',
    noneHeld: 'No session has taken place yet this quarter.',
    attendance: 'Came',
    attendanceFigure: '{{came}} of {{taken}} seats; no-shows {{noShowPercent}} % ({{noShows}}). Seats not marked count as came.',
    reach: 'Reach',
    reachDepartments: '{{reached}} of {{of}} departments ({{percent}} %) had someone take part.',
    reachSites: '{{reached}} of {{of}} sites ({{percent}} %) had someone take part.',
    reachNone: 'No department or site has five employees or more.',
    reachHint: 'Only departments and sites of five employees or more count.',
  },
};

const de: typeof en = {
  dashboardQuarter: {
    heading: 'Dieses Quartal, seit {{start}}',
    attended: 'Teilgenommen',
    attendedFigure: '{{count}} von {{employees}} Beschäftigten ({{percent}} %) haben an einem bereits stattgefundenen Termin teilgenommen.',
    booked: 'Gebucht',
    bookedFigure: '{{count}} von {{employees}} Beschäftigten ({{percent}} %) haben einen Platz in einem kommenden Termin.',
    fill: 'Belegte Plätze',
    fillFigure: '{{taken}} von {{offered}} Plätzen in {{sessions}} abgehaltenen Terminen.',
    noneHeld: 'In diesem Quartal hat noch kein Termin stattgefunden.',
    attendance: 'Erschienen',
    attendanceFigure: '{{came}} von {{taken}} Plätzen; nicht erschienen {{noShowPercent}} % ({{noShows}}). Nicht erfasste Plätze zählen als erschienen.',
    reach: 'Reichweite',
    reachDepartments: 'In {{reached}} von {{of}} Abteilungen ({{percent}} %) hat jemand teilgenommen.',
    reachSites: 'An {{reached}} von {{of}} Standorten ({{percent}} %) hat jemand teilgenommen.',
    reachNone: 'Keine Abteilung und kein Standort hat fünf oder mehr Beschäftigte.',
    reachHint: 'Es zählen nur Abteilungen und Standorte mit mindestens fünf Beschäftigten.',
  },
};

i18next.addResourceBundle('en', 'translation', en, true, false);
i18next.addResourceBundle('de', 'translation', de, true, false);
