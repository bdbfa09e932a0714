// Shapes of the single sign-on settings and of the two sign-in steps (also the OpenAPI document).
import { z } from 'zod';

// A lower-case DNS name with at least one dot, e.g. example.com.
export const Domain = z.string().trim().toLowerCase().max(253)
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a domain such as example.com');

export const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];

export const SsoSettings = z
  .object({
    issuer: z.string().nullable().describe("The OpenID provider's issuer URL; null when single sign-on is not set up"),
    clientId: z.string().nullable(),
    clientSecretSet: z.boolean().describe('Whether a client secret is stored; the secret itself is never returned'),
    allowedDomains: z.array(z.string()).describe('The domains this organisation claims, whatever their status'),
    domains: z.array(z.object({
      domain: z.string(),
      status: z.enum(['pending', 'approved', 'rejected']),
    })).describe("Each claimed domain with the operator's decision; only approved ones sign people in"),
    createPeople: z.boolean().describe('Create a person (role employee) at their first sign-in if the organisation does not know the address'),
    loginLinkAllowed: z.boolean().describe('Whether people of this organisation may still sign in with a mailed log-in link'),
    callbackUrl: z.string().describe('The redirect URI to register with the provider'),
  })
  .meta({ id: 'SsoSettings' });

export const SsoSettingsInput = z
  .strictObject({
    issuer: z.url({ protocol: /^https?$/ }).max(500).nullable()
      .describe('https:// (http:// only for a provider on this machine); null switches single sign-on off'),
    clientId: z.string().trim().min(1).max(500).nullable(),
    clientSecret: z.string().min(1).max(2000).optional().describe('Leave out to keep the stored secret'),
    allowedDomains: z.array(Domain).max(50)
      .describe('Only addresses in these domains may sign in, once the operator approves each; a domain another organisation holds is refused (409 SSO_DOMAIN_TAKEN)'),
    createPeople: z.boolean(),
    loginLinkAllowed: z.boolean(),
  })
  .refine((s) => (s.issuer === null) === (s.clientId === null), { message: 'issuer and clientId are set together', path: ['clientId'] })
  .refine((s) => s.issuer === null || s.allowedDomains.length > 0, { message: 'name at least one domain whose addresses may sign in', path: ['allowedDomains'] })
  .refine((s) => s.issuer === null || new URL(s.issuer).protocol === 'https:' || LOOPBACK.includes(new URL(s.issuer).hostname), {
    message: 'must start with https:// (http:// only for a provider on this machine)', path: ['issuer'],
  });

export type SsoSettingsInput = z.infer<typeof SsoSettingsInput>;

export const StartQuery = z
  .strictObject({
    org: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/).optional().describe("The organisation's short name (slug)"),
    email: z.string().trim().toLowerCase().max(254).pipe(z.email()).optional()
      .describe('Or an address: the organisation whose allowed domains hold it; passed on to the provider as login_hint'),
  })
  .refine((q) => (q.org === undefined) !== (q.email === undefined), { message: 'give org or email', path: ['org'] });

// The provider's answer; iss (RFC 9207) is checked when the provider sends it.
export const CallbackQuery = z.object({
  code: z.string().min(1).max(2000).optional(),
  state: z.string().min(1).max(200).optional(),
  iss: z.string().max(500).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(2000).optional(),
});

export const AvailabilityQuery = z.strictObject({
  email: z.string().trim().toLowerCase().max(254).pipe(z.email()),
});
export const Availability = z.object({
  available: z.boolean().describe("Whether the address's organisation signs in through single sign-on"),
}).meta({ id: 'SsoAvailability' });
