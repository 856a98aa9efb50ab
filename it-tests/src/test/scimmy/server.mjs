// A SCIM 2.0 server built on an existing library (scimmy + scimmy-routers on Express), started by
// the integration tests as an application Tenancy provisions into. Data lives in memory.
// Usage: node server.mjs <port> <bearer-token>
// Test controls (no auth, loopback only): POST /_control/{fail,token,reset,patch,quirks}; GET /_control/stats.
import express from "express";
import SCIMMY from "scimmy";
import SCIMMYRouters from "scimmy-routers";
import {randomUUID} from "node:crypto";

const port = Number(process.argv[2] ?? 8700);
let token = process.argv[3] ?? "scimmy-token";
const users = new Map();
const groups = new Map();
const stats = {requests: 0, byMethod: {}, rejected: 0};
const perSecond = new Map(); // epoch second → requests (the last 600 seconds), for rate-limit tests
const times = {first: null, last: null};
let failures = {count: 0, status: 0, retryAfter: null};
const lags = []; // benchmark: familyName "t<epoch millis>" → milliseconds until it arrived here
const byUserName = new Map(); // lower-cased userName → id, so that `userName eq` stays fast at 10k users
// quirks of other SCIM servers, set by POST /_control/quirks: filters refused with 400 invalidFilter,
// ids that are not UUIDs (a counter)
const quirks = {noFilter: false, numericIds: false};
let nextId = 1000;
const newId = () => quirks.numericIds ? String(nextId++) : randomUUID();
const refuseFilter = (resource) => {
    if (quirks.noFilter && resource.filter) throw new SCIMMY.Types.Error(400, "invalidFilter", "filtering is not supported");
};

const now = () => new Date().toISOString();
const meta = (r) => ({...r, meta: {created: r.meta?.created ?? now(), lastModified: now()}});

SCIMMY.Resources.declare(SCIMMY.Resources.User.extend(SCIMMY.Schemas.EnterpriseUser, false))
    .ingress((resource, data) => {
        const id = resource.id ?? newId();
        if (!resource.id) {
            if (byUserName.has(String(data.userName).toLowerCase()))
                throw new SCIMMY.Types.Error(409, "uniqueness", "userName is taken");
        } else if (!users.has(id)) throw new SCIMMY.Types.Error(404, null, `Resource ${id} not found`);
        const family = data?.name?.familyName;
        if (typeof family === "string" && /^t\d{13}$/.test(family)) lags.push(Date.now() - Number(family.slice(1)));
        const previous = users.get(id);
        if (previous) byUserName.delete(String(previous.userName).toLowerCase());
        const stored = meta({...data, id, meta: previous?.meta});
        users.set(id, stored);
        byUserName.set(String(stored.userName).toLowerCase(), id);
        return stored;
    })
    .egress((resource) => {
        if (resource.id) {
            const u = users.get(resource.id);
            if (!u) throw new SCIMMY.Types.Error(404, null, `Resource ${resource.id} not found`);
            return u;
        }
        refuseFilter(resource);
        const expression = resource.filter?.expression ?? "";
        const exact = /^userName eq "([^"\\]*)"$/.exec(expression);
        if (exact) {
            const id = byUserName.get(exact[1].toLowerCase());
            return id ? [users.get(id)] : [];
        }
        const byExternalId = /^externalId eq "([^"\\]*)"$/.exec(expression);
        if (byExternalId) { // a plain scan, without building a SCIMMY resource of every user
            for (const u of users.values()) if (u.externalId === byExternalId[1]) return [u];
            return [];
        }
        const all = [...users.values()];
        return resource.filter ? resource.filter.match(all) : all;
    })
    .degress((resource) => {
        const u = users.get(resource.id);
        if (u) byUserName.delete(String(u.userName).toLowerCase());
        if (!users.delete(resource.id)) throw new SCIMMY.Types.Error(404, null, `Resource ${resource.id} not found`);
        for (const g of groups.values()) g.members = (g.members ?? []).filter(m => m.value !== resource.id);
    });

SCIMMY.Resources.declare(SCIMMY.Resources.Group)
    .ingress((resource, data) => {
        const id = resource.id ?? newId();
        if (resource.id && !groups.has(id)) throw new SCIMMY.Types.Error(404, null, `Resource ${id} not found`);
        const stored = meta({...data, id, members: (data.members ?? []).map(m => ({value: m.value, display: m.display})),
            meta: groups.get(id)?.meta});
        groups.set(id, stored);
        return stored;
    })
    .egress((resource) => {
        if (resource.id) {
            const g = groups.get(resource.id);
            if (!g) throw new SCIMMY.Types.Error(404, null, `Resource ${resource.id} not found`);
            return g;
        }
        refuseFilter(resource);
        const all = [...groups.values()];
        return resource.filter ? resource.filter.match(all) : all;
    })
    .degress((resource) => {
        if (!groups.delete(resource.id)) throw new SCIMMY.Types.Error(404, null, `Resource ${resource.id} not found`);
    });

let patchSupported = true;
SCIMMY.Config.set({patch: true, filter: {supported: true, maxResults: 200}, sort: true, bulk: false});

const app = express();
app.use(express.json({type: ["application/json", "application/scim+json"], limit: "5mb"}));

app.post("/_control/fail", (req, res) => {
    failures = {count: req.body.count ?? 1, status: req.body.status ?? 503, retryAfter: req.body.retryAfter ?? null};
    res.json(failures);
});
app.post("/_control/quirks", (req, res) => { Object.assign(quirks, req.body); res.json(quirks); });
app.post("/_control/token", (req, res) => { token = req.body.token; res.json({token}); });
app.post("/_control/patch", (req, res) => {
    patchSupported = !!req.body.supported;
    SCIMMY.Config.set("patch", patchSupported);
    res.json({patchSupported});
});
app.post("/_control/reset", (req, res) => {
    users.clear(); groups.clear(); byUserName.clear(); lags.length = 0; stats.requests = 0; stats.byMethod = {}; stats.rejected = 0; stats.fromTenancy = 0; perSecond.clear(); times.first = null; times.last = null;
    failures = {count: 0, status: 0, retryAfter: null};
    res.json({});
});
app.get("/_control/lags", (req, res) => res.json([...lags].sort((a, b) => a - b)));
app.post("/_control/lags/reset", (req, res) => { lags.length = 0; res.json({}); });
app.get("/_control/stats", (req, res) => res.json({...stats, users: users.size, groups: groups.size,
    busiestSecond: Math.max(0, ...perSecond.values()), firstAt: times.first, lastAt: times.last}));

app.use("/scim/v2", (req, res, next) => {
    stats.requests++;
    if (String(req.get("user-agent") ?? "").startsWith("Tenancy")) { // the pusher's requests, not the test's own reads
        const now = Date.now(), second = Math.floor(now / 1000);
        perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
        if (perSecond.size > 600) perSecond.delete(perSecond.keys().next().value);
        times.first ??= now; times.last = now; stats.fromTenancy = (stats.fromTenancy ?? 0) + 1;
    }
    stats.byMethod[req.method] = (stats.byMethod[req.method] ?? 0) + 1;
    if (failures.count > 0 && !req.path.startsWith("/ServiceProviderConfig")) {
        failures.count--;
        stats.rejected++;
        if (failures.retryAfter != null) res.set("Retry-After", String(failures.retryAfter));
        return res.status(failures.status).type("application/scim+json").send(JSON.stringify({
            schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: String(failures.status), detail: "injected failure"}));
    }
    if (!patchSupported && req.method === "PATCH") {
        return res.status(501).type("application/scim+json").send(JSON.stringify({
            schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "501", detail: "PATCH is not supported"}));
    }
    next();
});
app.use("/scim/v2", new SCIMMYRouters({
    type: "bearer",
    handler: (request) => {
        if (request.header("Authorization") !== `Bearer ${token}`) throw new Error("Bearer token is not valid");
        return "tenancy";
    }
}));

app.listen(port, "127.0.0.1", () => console.log(`scimmy listening on ${port}`));
