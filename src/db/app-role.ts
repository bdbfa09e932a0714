// The database role Quartet's requests run as: quartet_app (migration 004) owns no table and is
// bound by row-level security. Migrations and the demo loader run as the owner instead.
import pg from 'pg';

export const APP_ROLE = 'quartet_app';

/** Gives the app role this password (as the owner) and returns the URL to connect as it. */
export async function appRoleUrl(ownerUrl: string, password: string): Promise<string> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    // ALTER ROLE takes no parameters; the password is ours (random, base64url), quoted anyway.
    await client.query(`alter role ${APP_ROLE} password ${client.escapeLiteral(password)}`);
  } finally {
    await client.end();
  }
  const url = new URL(ownerUrl);
  url.username = APP_ROLE;
  url.password = encodeURIComponent(password);
  return url.toString();
}
