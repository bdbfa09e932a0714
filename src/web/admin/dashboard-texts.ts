// Texts of the dashboard's quarter (what took place apart from what is booked, the rates and the
// reach), added to the translations when the dashboard loads (dashboard-quarter.tsx). The weekly charts
// keep theirs in texts.ts.

export const dashboardQuarterEn = {
  dashboardQuarter: {
    heading: 'This quarter, since {{start}}',
    attended: 'Took part',
    attendedFigure: '{{count}} of {{employees}} employees ({{percent}} %) took part in a session that has taken place.',
    booked: 'Booked',
    bookedFigure: '{{count}} of {{employees}} employees ({{percent}} %) hold a seat in a session still to come.',
    fill: 'Seats filled',
    fillFigure: '{{taken}} of $t(dashboardQuarter.seats, {"count": {{offered}} }) in $t(dashboardQuarter.sessionsHeld, {"count": {{sessions}} }).',
    seats_one: '{{count}} seat',
    seats_other: '{{count}} seats',
    sessionsHeld_one: '{{count}} session held',
    sessionsHeld_other: '{{count}} sessions held',
    noneHeld: 'No session has taken place yet this quarter.',
    attendance: 'Came',
    attendanceFigure: '{{came}} of $t(dashboardQuarter.seats, {"count": {{taken}} }); no-shows {{noShowPercent}} % ({{noShows}}). Seats not marked count as came.',
    reach: 'Reach',
    reachDepartments: '{{reached}} of {{of}} departments ({{percent}} %) had five or more people take part.',
    reachSites: '{{reached}} of {{of}} sites ({{percent}} %) had five or more people take part.',
    reachNone: 'No department or site has five employees or more.',
    reachHint: 'Only departments and sites of five employees or more count.',
  },
};

export const dashboardQuarterDe: typeof dashboardQuarterEn = {
  dashboardQuarter: {
    heading: 'Dieses Quartal, seit {{start}}',
    attended: 'Teilgenommen',
    attendedFigure: '{{count}} von {{employees}} Beschäftigten ({{percent}} %) haben an einem bereits stattgefundenen Termin teilgenommen.',
    booked: 'Gebucht',
    bookedFigure: '{{count}} von {{employees}} Beschäftigten ({{percent}} %) haben einen Platz in einem kommenden Termin.',
    fill: 'Belegte Plätze',
    fillFigure: '{{taken}} von $t(dashboardQuarter.seats, {"count": {{offered}} }) in $t(dashboardQuarter.sessionsHeld, {"count": {{sessions}} }).',
    // Dative, after „von“ and „in“.
    seats_one: '{{count}} Platz',
    seats_other: '{{count}} Plätzen',
    sessionsHeld_one: '{{count}} abgehaltenen Termin',
    sessionsHeld_other: '{{count}} abgehaltenen Terminen',
    noneHeld: 'In diesem Quartal hat noch kein Termin stattgefunden.',
    attendance: 'Erschienen',
    attendanceFigure: '{{came}} von $t(dashboardQuarter.seats, {"count": {{taken}} }); nicht erschienen {{noShowPercent}} % ({{noShows}}). Nicht erfasste Plätze zählen als erschienen.',
    reach: 'Reichweite',
    reachDepartments: 'In {{reached}} von {{of}} Abteilungen ({{percent}} %) haben fünf oder mehr Personen teilgenommen.',
    reachSites: 'An {{reached}} von {{of}} Standorten ({{percent}} %) haben fünf oder mehr Personen teilgenommen.',
    reachNone: 'Keine Abteilung und kein Standort hat fünf oder mehr Beschäftigte.',
    reachHint: 'Es zählen nur Abteilungen und Standorte mit mindestens fünf Beschäftigten.',
  },
};
