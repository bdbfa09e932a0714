// Shapes of the program settings and of the operator API (also the OpenAPI document).
import { z } from 'zod';
import { TimeZone } from '../../lib/zones.ts';
import { Domain } from '../sso/schema.ts';

export const Settings = z
  .object({
    defaultCapacity: z.number().int().min(1).max(50),
    participantsVisible: z.boolean().describe('Whether participants see who else holds a seat'),
    maxFutureBookings: z.number().int().min(1).max(100).describe('Upcoming seats a person may hold at a time, of those they took themselves: seats a cohort placed for its members do not count'),
    cancellationCutoffMinutes: z.number().int().min(0).max(20160),
    reminderHoursBefore: z.number().int().min(1).max(168),
    defaultTimeZone: z.string().min(1).max(64),
    sessionIdleMinutes: z.number().int().min(5).max(43200),
    sessionAbsoluteHours: z.number().int().min(1).max(8760),
    suggestionWindowDays: z.number().int().min(0).max(60).describe("Days after a session's end in which its suggestions can still be recorded"),
    participantsAddSuggestions: z.boolean().describe("Whether a session's participants may record the group's suggestions too (else its coach)"),
    boardOpenToEmployees: z.boolean().describe('Whether every employee may read the suggestion board (read-only) and support suggestions'),
    mixing: z.enum(['off', 'recommend', 'avoid_repeats'])
      .describe('off: nothing built from others’ bookings; recommend: the open list can be ordered for new colleagues, with a hint; avoid_repeats: also refuses a sign-up that repeats a recent encounter while another session of the module would do (docs/PRIVACY.md)'),
    mixingRepeatMonths: z.number().int().min(1).max(36).describe('avoid_repeats: an encounter this many months old or newer counts as recent'),
    mixingSlackWeeks: z.number().int().min(1).max(26).describe('avoid_repeats: how far ahead another session of the module must be for a sign-up to be refused'),
    cohortSearchSeconds: z.number().int().min(1).max(60).describe('How many seconds the group solver searches for the best groups of a cohort'),
    waitlistMode: z.enum(['automatic', 'offer'])
      .describe('What a seat freed in a full session does: automatic, the first in line whose own rules allow it gets it at once; offer, it is held for them for waitlistOfferHours (until the cancellation cut-off at most) to accept or decline, then offered to the next'),
    waitlistOfferHours: z.number().int().min(1).max(72).describe('offer: how many hours an offered seat is held'),
  })
  .meta({ id: 'ProgramSettings' });

export const SettingsChange = Settings.partial().extend({ defaultTimeZone: TimeZone.optional() }).strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'name at least one setting' });

// The operator API. Its zone names are checked by the service, which names the field at fault.
const Email = z.string().trim().toLowerCase().max(254).pipe(z.email());
const Name = z.string().trim().min(1).max(200);
const ZoneName = z.string().min(1).max(64).describe('IANA time zone, e.g. Europe/Berlin');

export const Organisation = z
  .object({
    id: z.uuid(), name: z.string(), slug: z.string(), status: z.enum(['active', 'suspended']), defaultTimeZone: z.string(),
    createdAt: z.iso.datetime(), activePeople: z.number().int(), admins: z.number().int(),
  })
  .meta({ id: 'OperatorOrganisation' });

export const Admin = z
  .object({
    id: z.uuid(), email: z.string(),
    created: z.boolean().describe('false when the address was already a person there (and is now an admin)'),
    reactivated: z.boolean().describe('true when the person had been deactivated and `reactivate` made them active again'),
  })
  .describe('Only what the operator did: never the name or the other roles of a person the address already belonged to')
  .meta({ id: 'OperatorAdmin' });

export const CreateOrganisationBody = z.strictObject({
  name: Name,
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be 2 to 63 lower-case letters, digits and dashes, starting with a letter or digit').describe('Lower-case letters, digits and dashes; unique on the deployment'),
  timeZone: ZoneName.optional().describe('The organisation’s default time zone (Europe/Berlin if not given)'),
  adminEmail: Email,
  adminName: Name,
  ssoDomains: z.array(Domain).max(50).optional()
    .describe('E-mail domains for single sign-on, approved at once; 409 SSO_DOMAIN_TAKEN if another organisation holds one'),
});
export const AdminBody = z.strictObject({
  email: Email, name: Name.describe('Used only if the address is new there'), timeZone: ZoneName.optional(),
  reactivate: z.boolean().optional().describe('Needed when the address belongs to a person the organisation deactivated (else 409 ADMIN_DEACTIVATED)'),
});
export const OrgParams = z.object({ id: z.uuid() });

const ClaimStatus = z.enum(['pending', 'approved', 'rejected']);
export const DomainClaimsQuery = z.strictObject({ status: ClaimStatus.optional() });
export const DomainClaim = z
  .object({
    id: z.uuid(), domain: z.string(), status: ClaimStatus, claimedAt: z.iso.datetime(), decidedAt: z.iso.datetime().nullable(),
    organisation: z.object({ id: z.uuid(), name: z.string(), slug: z.string() }).describe('The organisation that claims the domain'),
  })
  .meta({ id: 'OperatorDomainClaim' });

export const OrganisationCreated = z.object({ organisation: Organisation, admin: Admin });
export const OrganisationList = z.object({ organisations: z.array(Organisation) });
export const DomainClaimList = z.object({ claims: z.array(DomainClaim) });

// An organisation leaving: its archive (operator-export.ts), then its deletion (operator-deletion.ts).
export const DeleteOrganisationBody = z.strictObject({
  confirm: z.string().min(1).max(63).describe('The organisation’s slug, typed again'),
});
export const OrganisationDeleted = z
  .object({
    id: z.uuid(), slug: z.string(), deletedAt: z.iso.datetime(), deletedBy: z.enum(['operator', 'system']).describe('system: the command line'),
    rowsDeleted: z.record(z.string(), z.number().int()).describe('Rows deleted, by table (organisations: the organisation itself)'),
    jobsDeleted: z.number().int().describe("Jobs of the organisation removed from the background queue"),
    filesDeleted: z.number().int().describe('Caught mail files removed (only where mail is caught, in development)'),
    alreadyDeleted: z.boolean().describe('true: it had been deleted before, and this is that deletion'),
  })
  .meta({ id: 'OperatorOrganisationDeleted' });
