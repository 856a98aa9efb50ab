<#-- The SCIM setup page of one organization, opened from a setup link (dev.tenancy.orgs.setup). No inline
     script or style: the page's Content-Security-Policy allows only these files. -->
<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex, nofollow">
  <meta name="referrer" content="no-referrer">
  <title>Connect ${organizationName} to SCIM provisioning</title>
  <link rel="stylesheet" href="${patternfly}">
  <link rel="stylesheet" href="${resources}/setup.css">
  <script src="${resources}/setup.js" defer></script>
</head>
<body>
<div class="pf-v5-c-page tnc-setup" id="tnc-setup" data-api="${apiUrl}" data-refresh-seconds="${refreshSeconds?c}"
     data-scim-base-url="${scimBaseUrl}" data-expires-at="${expiresAt}">
  <header class="pf-v5-c-masthead tnc-masthead">
    <div class="pf-v5-c-masthead__main"><span class="tnc-brand">SCIM provisioning setup</span></div>
  </header>
  <main class="pf-v5-c-page__main" tabindex="-1">
    <section class="pf-v5-c-page__main-section pf-m-light">
      <div class="pf-v5-c-content">
        <h1 data-testid="setup-org-name">Connect ${organizationName}</h1>
        <p>Your identity provider will create, update and deactivate the accounts of <strong>${organizationName}</strong>
          through SCIM 2.0. Follow the steps below; this page shows each request it receives.
          This link is valid until <time id="tnc-expires" datetime="${expiresAt}">${expiresAt}</time>. Keep it private: anyone with it can set the secret.</p>
      </div>
    </section>
    <section class="pf-v5-c-page__main-section tnc-grid">
      <div class="tnc-main">
        <div class="pf-v5-c-card pf-m-flat tnc-card">
          <div class="pf-v5-c-card__title"><h2 class="pf-v5-c-card__title-text">1. Your identity provider</h2></div>
          <div class="pf-v5-c-card__body" role="radiogroup" aria-label="Identity provider">
            <div class="pf-v5-c-radio"><input class="pf-v5-c-radio__input" type="radio" name="idp" id="idp-okta" value="okta" checked>
              <label class="pf-v5-c-radio__label" for="idp-okta">Okta</label></div>
            <div class="pf-v5-c-radio"><input class="pf-v5-c-radio__input" type="radio" name="idp" id="idp-entra" value="entra">
              <label class="pf-v5-c-radio__label" for="idp-entra">Microsoft Entra ID</label></div>
            <div class="pf-v5-c-radio"><input class="pf-v5-c-radio__input" type="radio" name="idp" id="idp-other" value="other">
              <label class="pf-v5-c-radio__label" for="idp-other">Another SCIM client</label></div>
          </div>
        </div>

        <div class="pf-v5-c-card pf-m-flat tnc-card">
          <div class="pf-v5-c-card__title"><h2 class="pf-v5-c-card__title-text">2. Connection values</h2></div>
          <div class="pf-v5-c-card__body">
            <label class="pf-v5-c-form__label" for="tnc-base-url"><span class="pf-v5-c-form__label-text" id="tnc-base-url-label">SCIM base URL</span></label>
            <div class="pf-v5-c-input-group tnc-copy">
              <div class="pf-v5-c-input-group__item pf-m-fill"><span class="pf-v5-c-form-control pf-m-readonly">
                <input id="tnc-base-url" data-testid="setup-base-url" readonly value="${scimBaseUrl}"></span></div>
              <div class="pf-v5-c-input-group__item"><button class="pf-v5-c-button pf-m-control" type="button" data-copy="tnc-base-url">Copy</button></div>
            </div>
            <p class="tnc-help" data-idp="entra">Entra's <em>Tenant URL</em> is this URL followed by <code>?aadOptscim062020</code>.</p>

            <h3 class="tnc-subtitle">Shared secret</h3>
            <p id="tnc-secret-state" data-testid="setup-secret-state">Checking…</p>
            <p id="tnc-grace" class="tnc-help" hidden></p>
            <button class="pf-v5-c-button pf-m-primary" type="button" id="tnc-generate" data-testid="setup-generate">Generate secret</button>
            <div id="tnc-secret-box" class="pf-v5-c-alert pf-m-warning pf-m-inline tnc-secret" hidden>
              <p class="pf-v5-c-alert__title">Copy this secret now: it is shown only once.</p>
              <div class="pf-v5-c-input-group tnc-copy">
                <div class="pf-v5-c-input-group__item pf-m-fill"><span class="pf-v5-c-form-control pf-m-readonly">
                  <input id="tnc-secret" data-testid="setup-secret" readonly value=""></span></div>
                <div class="pf-v5-c-input-group__item"><button class="pf-v5-c-button pf-m-control" type="button" data-copy="tnc-secret">Copy</button></div>
              </div>
            </div>
            <p id="tnc-secret-error" class="tnc-error" role="alert" hidden></p>
          </div>
        </div>

        <div class="pf-v5-c-card pf-m-flat tnc-card">
          <div class="pf-v5-c-card__title"><h2 class="pf-v5-c-card__title-text">3. Steps</h2></div>
          <div class="pf-v5-c-card__body pf-v5-c-content">
            <div data-idp="okta" data-testid="setup-steps-okta">
              <ol>
                <li>In the Okta Admin Console, open <em>Applications → Applications</em> and create (or open) the app integration
                  for this service: <em>Create App Integration → SAML 2.0</em> or <em>OIDC</em>, then on <em>General</em> set
                  <em>Provisioning</em> to <em>SCIM</em>.</li>
                <li>On <em>Provisioning → Integration</em>, set <em>SCIM connector base URL</em> to
                  <code>${scimBaseUrl}</code> and <em>Unique identifier field for users</em> to <code>userName</code>.</li>
                <li>Tick <em>Push New Users</em>, <em>Push Profile Updates</em> and <em>Push Groups</em>.</li>
                <li>Set <em>Authentication Mode</em> to <em>HTTP Header</em> and paste the secret from step 2 as the bearer token.</li>
                <li>Press <em>Test Connector Configuration</em>: the request appears in the panel on the right. Save.</li>
                <li>Under <em>Provisioning → To App</em>, enable <em>Create Users</em>, <em>Update User Attributes</em> and
                  <em>Deactivate Users</em>, then assign users or groups to the app.</li>
              </ol>
            </div>
            <div data-idp="entra" data-testid="setup-steps-entra" hidden>
              <ol>
                <li>In the Microsoft Entra admin center, open <em>Enterprise applications → New application → Create your own
                  application</em> and choose <em>Integrate any other application you don't find in the gallery</em>.</li>
                <li>In the new application, open <em>Provisioning → Get started</em> and set <em>Provisioning Mode</em> to
                  <em>Automatic</em>.</li>
                <li>Set <em>Tenant URL</em> to <code>${scimBaseUrl}?aadOptscim062020</code> and <em>Secret Token</em> to the secret from step 2.</li>
                <li>Press <em>Test Connection</em>: the request appears in the panel on the right. Save.</li>
                <li>Keep the default attribute mappings (<code>userPrincipalName</code> → <code>userName</code>,
                  <code>objectId</code> → <code>externalId</code>), add users or groups under <em>Users and groups</em>, and
                  start provisioning.</li>
              </ol>
            </div>
            <div data-idp="other" data-testid="setup-steps-other" hidden>
              <ol>
                <li>Point your SCIM 2.0 client at <code>${scimBaseUrl}</code> (it serves <code>/Users</code>, <code>/Groups</code>,
                  <code>/Bulk</code>, <code>/ServiceProviderConfig</code>, <code>/Schemas</code> and <code>/ResourceTypes</code>).</li>
                <li>Send the secret from step 2 on every request: <code>Authorization: Bearer &lt;secret&gt;</code>.</li>
                <li>Bodies are <code>application/scim+json</code> (or <code>application/json</code>); <code>userName</code> is the
                  unique key of a user.</li>
                <li>Try it: <code>curl -H "Authorization: Bearer $SECRET" ${scimBaseUrl}/ServiceProviderConfig</code></li>
              </ol>
            </div>
          </div>
        </div>
      </div>

      <aside class="tnc-side">
        <div class="pf-v5-c-card pf-m-flat tnc-card" data-testid="setup-live">
          <div class="pf-v5-c-card__title"><h2 class="pf-v5-c-card__title-text">Live connection</h2></div>
          <div class="pf-v5-c-card__body">
            <p class="tnc-help" id="tnc-live-updated" aria-live="polite">Waiting for the first refresh…</p>
            <label class="pf-v5-c-form__label" for="tnc-test-secret"><span class="pf-v5-c-form__label-text">Test with the secret</span></label>
            <div class="pf-v5-c-input-group tnc-copy">
              <div class="pf-v5-c-input-group__item pf-m-fill"><span class="pf-v5-c-form-control">
                <input id="tnc-test-secret" data-testid="setup-test-secret" type="password" autocomplete="off" placeholder="the shared secret"></span></div>
              <div class="pf-v5-c-input-group__item"><button class="pf-v5-c-button pf-m-secondary" type="button" id="tnc-test" data-testid="setup-test">Test</button></div>
            </div>
            <p id="tnc-test-result" data-testid="setup-test-result" class="tnc-help" hidden></p>
            <h3 class="tnc-subtitle">Last requests received</h3>
            <table class="pf-v5-c-table pf-m-compact pf-m-grid-md" role="grid" aria-label="Last requests received">
              <thead class="pf-v5-c-table__thead"><tr class="pf-v5-c-table__tr">
                <th class="pf-v5-c-table__th" scope="col">Time</th><th class="pf-v5-c-table__th" scope="col">Method</th>
                <th class="pf-v5-c-table__th" scope="col">Path</th><th class="pf-v5-c-table__th" scope="col">Status</th></tr></thead>
              <tbody class="pf-v5-c-table__tbody" id="tnc-requests" data-testid="setup-requests">
                <tr class="pf-v5-c-table__tr"><td class="pf-v5-c-table__td" colspan="4">None yet.</td></tr></tbody>
            </table>
            <h3 class="tnc-subtitle">Errors</h3>
            <ul class="tnc-errors" id="tnc-errors" data-testid="setup-errors"><li>None.</li></ul>
          </div>
        </div>
      </aside>
    </section>
  </main>
</div>
</body>
</html>
