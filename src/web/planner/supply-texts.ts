// Texts of the planner page's "Supply for the coming weeks" section (the weekly top-up, issue 16).
import { i18next } from '../app/i18n.ts';

const en = {
  plannerSupply: {
    title: 'Supply for the coming weeks',
    intro: 'Seats offered by published sessions against the seats your last published plan’s demand needs, plus the people waiting in lines (counted in the first week). Every Monday morning Quartet checks this and, when a week runs short, prepares a draft for the missing sessions and mails the admins.',
    noStanding: 'No plan has been published yet: once you publish one, its demand is what the coming weeks are checked against.',
    week: 'Week of',
    offered: 'Seats offered',
    needed: 'Seats needed',
    state: 'State',
    short: 'Short by {{count}}',
    covered: 'Covered',
    waiting: 'People waiting in lines: {{count}}',
    fillRate: 'Fill rate of the last four weeks: {{percent}} %',
    noFillRate: 'Fill rate of the last four weeks: no sessions held.',
    latestTopUp: 'Latest top-up proposal (for the week of {{day}}): ',
    status: { draft: 'draft', published: 'published' },
    openTopUp: 'open it',
    noTopUp: 'No top-up has been proposed yet.',
  },
};

const de: typeof en = {
  plannerSupply: {
    title: 'Angebot der kommenden Wochen',
    intro: 'Plätze der veröffentlichten Termine gegenüber den Plätzen, die der Bedarf Ihres zuletzt veröffentlichten Plans braucht, plus die Personen auf Wartelisten (in der ersten Woche gezählt). Jeden Montagmorgen prüft Quartet das und bereitet, wenn eine Woche zu knapp ist, einen Entwurf für die fehlenden Termine vor und schreibt der Administration.',
    noStanding: 'Noch ist kein Plan veröffentlicht: Sobald Sie einen veröffentlichen, werden die kommenden Wochen an seinem Bedarf gemessen.',
    week: 'Woche ab',
    offered: 'Angebotene Plätze',
    needed: 'Benötigte Plätze',
    state: 'Stand',
    short: '{{count}} zu wenig',
    covered: 'Gedeckt',
    waiting: 'Personen auf Wartelisten: {{count}}',
    fillRate: 'Auslastung der letzten vier Wochen: {{percent}} %',
    noFillRate: 'Auslastung der letzten vier Wochen: keine Termine abgehalten.',
    latestTopUp: 'Letzter Aufstockungsvorschlag (für die Woche ab {{day}}): ',
    status: { draft: 'Entwurf', published: 'veröffentlicht' },
    openTopUp: 'öffnen',
    noTopUp: 'Bisher wurde keine Aufstockung vorgeschlagen.',
  },
};

i18next.addResourceBundle('en', 'translation', en, true, false);
i18next.addResourceBundle('de', 'translation', de, true, false);
