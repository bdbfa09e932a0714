// The privacy floor as the web app knows it: src/lib/privacy-floor.ts's PRIVACY_FLOOR (the web app
// imports no server code; src/lib/privacy-floor.test.ts holds the two equal). Where an answer carries
// its own `minimumPeople` or `minimum`, that is preferred.
export const PRIVACY_FLOOR = 5;
