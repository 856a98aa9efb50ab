// The SCIM setup page (dev.tenancy.orgs.setup.SetupPageResource). The link's token is the last
// segment of this page's URL; every call sends it in a header (never in another URL), as POST, so
// that no other site can make these calls on the visitor's behalf and nothing is cached.
"use strict";
(function () {
  const root = document.getElementById("tnc-setup");
  if (!root) return;
  const api = root.dataset.api;
  const base = root.dataset.scimBaseUrl;
  const refreshMs = Math.max(1, Number(root.dataset.refreshSeconds) || 5) * 1000;
  const token = decodeURIComponent(location.pathname.split("/").filter(Boolean).pop() || "");
  const $ = (id) => document.getElementById(id);
  const time = (iso) => (iso ? new Date(iso).toLocaleString() : "—");
  let secretSet = false;
  let stopped = false;
  let timer;

  async function call(action) {
    const r = await fetch(`${api}/${action}`, {
      method: "POST",
      headers: { "X-Tenancy-Setup-Token": token, "Content-Type": "application/json", Accept: "application/json" },
      body: "{}",
      credentials: "omit",
      cache: "no-store",
    });
    const body = await r.json().catch(() => ({}));
    if (r.status === 404) {
      stopped = true;
      document.body.replaceChildren(invalid());
      throw new Error("invalid link");
    }
    if (!r.ok) throw new Error(body.errorMessage || `HTTP ${r.status}`);
    return body;
  }

  function invalid() {
    const main = document.createElement("main");
    main.className = "pf-v5-c-page__main-section";
    const h = document.createElement("h1");
    h.textContent = "Link no longer valid";
    const p = document.createElement("p");
    p.textContent = "This link is no longer valid. Ask the person who sent it to you for a new one.";
    main.append(h, p);
    return main;
  }

  function cell(text, cls) {
    const td = document.createElement("td");
    td.className = "pf-v5-c-table__td" + (cls ? " " + cls : "");
    td.textContent = text;
    return td;
  }

  function render(s) {
    secretSet = s.secretSet && s.authType === "EXTERNAL_SECRET";
    const other = s.configured && s.authType !== "EXTERNAL_SECRET";
    $("tnc-secret-state").textContent = other
      ? "This organization's SCIM endpoint uses another kind of credential; no shared secret can be set here."
      : secretSet ? "A secret is set. Generating a new one replaces it (the previous one keeps working for 24 hours)."
        : "No secret yet: generate one, then paste it into your identity provider.";
    $("tnc-generate").textContent = secretSet ? "Rotate secret" : "Generate secret";
    $("tnc-generate").disabled = other;
    const grace = $("tnc-grace");
    grace.hidden = !s.previousSecretValidUntil;
    if (s.previousSecretValidUntil) grace.textContent = `The previous secret keeps working until ${time(s.previousSecretValidUntil)}.`;

    const rows = $("tnc-requests");
    rows.replaceChildren();
    if (!s.requests.length) {
      const tr = document.createElement("tr");
      tr.className = "pf-v5-c-table__tr";
      const td = cell("None yet.");
      td.colSpan = 4;
      tr.append(td);
      rows.append(tr);
    }
    for (const x of s.requests) {
      const tr = document.createElement("tr");
      tr.className = "pf-v5-c-table__tr";
      tr.append(cell(time(x.at)), cell(x.method), cell(x.path), cell(String(x.status), x.status < 400 ? "tnc-status-ok" : "tnc-status-bad"));
      rows.append(tr);
    }
    const errors = $("tnc-errors");
    errors.replaceChildren();
    for (const e of s.errors.length ? s.errors : [null]) {
      const li = document.createElement("li");
      li.textContent = e ? `${time(e.at)} · ${e.status}${e.scimType ? " " + e.scimType : ""} · ${e.detail ?? ""}` : "None.";
      errors.append(li);
    }
    $("tnc-live-updated").textContent = `Refreshes every ${refreshMs / 1000} s · last request ${time(s.lastRequestAt)} · updated ${new Date().toLocaleTimeString()}`;
  }

  async function refresh() {
    if (stopped) return;
    try {
      render(await call("status"));
    } catch (e) {
      if (!stopped) $("tnc-live-updated").textContent = `Could not refresh: ${e.message}`;
    } finally {
      if (!stopped) {
        clearTimeout(timer);
        timer = setTimeout(refresh, refreshMs);
      }
    }
  }

  $("tnc-generate").addEventListener("click", async () => {
    if (secretSet && !window.confirm("Rotate the secret? Your identity provider must then use the new one (the previous one keeps working for 24 hours).")) return;
    const button = $("tnc-generate");
    button.disabled = true;
    $("tnc-secret-error").hidden = true;
    try {
      const r = await call("secret");
      $("tnc-secret").value = r.secret;
      $("tnc-test-secret").value = r.secret;
      $("tnc-secret-box").hidden = false;
      render(await call("status"));
    } catch (e) {
      if (!stopped) {
        $("tnc-secret-error").textContent = `The secret was not changed: ${e.message}`;
        $("tnc-secret-error").hidden = false;
      }
    } finally {
      button.disabled = false;
    }
  });

  $("tnc-test").addEventListener("click", async () => {
    const out = $("tnc-test-result");
    const secret = $("tnc-test-secret").value.trim();
    out.hidden = false;
    if (!secret) {
      out.textContent = "Paste the secret first.";
      return;
    }
    out.textContent = "Testing…";
    try {
      const r = await fetch(`${base}/ServiceProviderConfig`, {
        headers: { Authorization: `Bearer ${secret}`, Accept: "application/scim+json" },
        credentials: "omit",
        cache: "no-store",
      });
      out.textContent = r.ok
        ? `Connected: GET /ServiceProviderConfig answered ${r.status}.`
        : r.status === 401 ? "401: this secret is not accepted. Generate a new one and paste it again."
          : `GET /ServiceProviderConfig answered ${r.status}.`;
      out.className = r.ok ? "tnc-status-ok" : "tnc-status-bad";
    } catch (e) {
      out.textContent = `The test request failed: ${e.message}`;
    }
    refresh();
  });

  document.querySelectorAll("[data-copy]").forEach((b) =>
    b.addEventListener("click", async () => {
      const input = $(b.dataset.copy);
      try {
        await navigator.clipboard.writeText(input.value);
      } catch {
        input.select();
        document.execCommand("copy");
      }
      b.textContent = "Copied";
      setTimeout(() => (b.textContent = "Copy"), 1500);
    }),
  );

  const showSteps = () => {
    const idp = document.querySelector('input[name="idp"]:checked').value;
    document.querySelectorAll("[data-idp]").forEach((el) => (el.hidden = el.dataset.idp !== idp));
  };
  document.querySelectorAll('input[name="idp"]').forEach((r) => r.addEventListener("change", showSteps));
  showSteps();
  $("tnc-expires").textContent = time(root.dataset.expiresAt);
  refresh();
})();
