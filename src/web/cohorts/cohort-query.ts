// The cohorts' place in the query cache, shared by the list, the form and a cohort's page.
export const COHORTS_KEY = ['cohorts'];
