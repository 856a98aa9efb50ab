// Sets up (or finds) the demo realm 'demo' with organization 'acme' (domain acme.test) and SCIM on,
// then prints where everything is. Uses only the public REST APIs, as an administrator would.
// argv[3] names a local file (.dev/demo-secret) that keeps the demo's SCIM secret between runs, so a
// second run prints the same, still valid secret instead of revoking it.
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const base = process.argv[2] ?? "http://localhost:8080";
const secretFile = process.argv[3];
const realm = "demo";

async function call(method, path, body, token, expect = [200, 201, 204]) {
  const res = await fetch(base + path, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!expect.includes(res.status)) throw new Error(`${method} ${path} -> ${res.status} ${text}`);
  return { status: res.status, json: text ? JSON.parse(text) : null, headers: res.headers };
}

async function adminToken() {
  const res = await fetch(`${base}/realms/master/protocol/openid-connect/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "password", client_id: "admin-cli", username: "admin", password: "admin" }),
  });
  if (!res.ok) throw new Error(`admin login failed: ${res.status} ${await res.text()}`);
  return (await res.json()).access_token;
}

const token = await adminToken();
const exists = await call("GET", `/admin/realms/${realm}`, null, token, [200, 404]);
if (exists.status === 404) {
  await call("POST", "/admin/realms", { realm, enabled: true, organizationsEnabled: true, displayName: "Tenancy demo" }, token);
}
await call("PUT", `/realms/${realm}/orgs/config`, { scimEnabled: true }, token);
// The admin console with the SCIM and Roles tabs and the Provisioning page (the console a realm
// administrator sees is the admin theme of the realm they log in to: master here).
for (const r of ["master", realm]) {
  await call("PUT", `/admin/realms/${r}`, { adminTheme: "tenancy" }, token);
}
// The account console with Organization access, Access reviews and Access approvals, for the
// demo realm's members (delegated reviewers and approvers work there, not in the admin console).
await call("PUT", `/admin/realms/${realm}`, { accountTheme: "tenancy" }, token);

let orgs = (await call("GET", `/admin/realms/${realm}/organizations?search=acme&first=0&max=1000`, null, token)).json;
let org = orgs.find((o) => o.alias === "acme");
if (!org) {
  await call("POST", `/admin/realms/${realm}/organizations`,
    { name: "Acme", alias: "acme", enabled: true, domains: [{ name: "acme.test", verified: true }] }, token);
  orgs = (await call("GET", `/admin/realms/${realm}/organizations?search=acme&first=0&max=1000`, null, token)).json;
  org = orgs.find((o) => o.alias === "acme");
}

const scimBase = `${base}/realms/${realm}/scim/v2/organizations/${org.id}`;
let secret;
let secretNote = "";
const cfg = await call("GET", `/realms/${realm}/orgs/${org.id}/scim`, null, token, [200, 404]);
if (cfg.status === 404) {
  const created = await call("POST", `/realms/${realm}/orgs/${org.id}/scim`,
    { enabled: true, auth: { type: "EXTERNAL_SECRET" }, deprovision: "DISABLE", adoptExistingUsers: false }, token);
  secret = created.json.auth.secret;
} else {
  // The server shows a secret only once; the previous run kept it in .dev/demo-secret. Reuse it
  // while the server still accepts it; otherwise rotate, keeping the old one valid for 24 hours.
  const kept = secretFile && existsSync(secretFile) ? readFileSync(secretFile, "utf8").trim() : "";
  const works = kept && (await fetch(`${scimBase}/ServiceProviderConfig`, { headers: { Authorization: `Bearer ${kept}` } })).ok;
  if (works) {
    secret = kept;
    secretNote = "   (the same as the last run)";
  } else {
    const rotated = (await call("POST", `/realms/${realm}/orgs/${org.id}/scim/rotate-secret`, null, token)).json;
    secret = rotated.secret;
    secretNote = `   (NEW: the previous secret stays valid until ${rotated.previousSecretValidUntil ?? "—"})`;
  }
}
if (secretFile) writeFileSync(secretFile, secret + "\n", { mode: 0o600 });
console.log(`
Tenancy is running.

  Admin console   ${base}/admin/master/console/#/${realm}/organizations   (admin / admin, theme 'tenancy')
  Organization    acme (${org.id}), domain acme.test
  SCIM base URL   ${scimBase}
  SCIM secret     ${secret}${secretNote}
  Setup link      SCIM tab of acme > Send setup link (a page for the customer's IT administrator)

  Its SCIM configuration:
    curl -s -H "Authorization: Bearer $(curl -s -d grant_type=password -d client_id=admin-cli -d username=admin -d password=admin ${base}/realms/master/protocol/openid-connect/token | node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token')" ${base}/realms/${realm}/orgs/${org.id}/scim

  A SCIM request with the secret:
    curl -s -H "Authorization: Bearer ${secret}" ${scimBase}/Users
`);
