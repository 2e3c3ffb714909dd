// An identity event function, as on Netlify: called when a user is confirmed, with
// `{ event: "signup", instance_id, user }` (docs/functions.md shows the exact body). It records the
// new user once (../lib/new-users.js) and makes every address at @members.test a member, which
// demo/members.html checks for.
//
// The answer's app_metadata REPLACES the stored map (it would otherwise wipe `provider`), so it
// keeps what is there and adds the role. A 204 without a body accepts the user unchanged.
import { recordOnce } from '../lib/new-users.js';

export default async function identitySignup(request) {
  const { user } = await request.json();
  await recordOnce(user);
  if (!user?.email?.toLowerCase().endsWith('@members.test')) return new Response(null, { status: 204 });
  const roles = [...new Set([...(user.app_metadata?.roles ?? []), 'member'])];
  return Response.json({ app_metadata: { ...user.app_metadata, roles } });
}
