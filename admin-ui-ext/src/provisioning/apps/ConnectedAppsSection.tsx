import {
  Alert,
  Button,
  Card,
  CardBody,
  CardHeader,
  CardTitle,
  Checkbox,
  EmptyState,
  EmptyStateBody,
  EmptyStateHeader,
  Form,
  FormGroup,
  FormSelect,
  FormSelectOption,
  Label,
  Modal,
  ModalVariant,
  PageSection,
  Progress,
  Spinner,
  TextInput,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorText, useTenancyApi } from "../../api/client";
import { useLoader } from "../../components/useLoader";
import { AUTH_TYPES, type AppStatus, type AuthType, type ConnectedApp, type SyncRun, type TestResult } from "./types";

const BASE = "/provisioning/apps";

type Draft = {
  name: string;
  organizationId: string;
  baseUrl: string;
  authType: AuthType;
  token: string;
  username: string;
  password: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scopeGroups: string;
  pushGroups: boolean;
  deprovision: "DEACTIVATE" | "DELETE";
  maxRequestsPerSecond: string;
};

const NEW: Draft = {
  name: "",
  organizationId: "",
  baseUrl: "",
  authType: "BEARER",
  token: "",
  username: "",
  password: "",
  tokenUrl: "",
  clientId: "",
  clientSecret: "",
  scopeGroups: "",
  pushGroups: false,
  deprovision: "DEACTIVATE",
  maxRequestsPerSecond: "10",
};

const body = (d: Draft) => {
  const auth =
    d.authType === "BEARER"
      ? { type: d.authType, token: d.token }
      : d.authType === "BASIC"
        ? { type: d.authType, username: d.username, password: d.password }
        : { type: d.authType, tokenUrl: d.tokenUrl, clientId: d.clientId, clientSecret: d.clientSecret };
  return {
    name: d.name,
    organizationId: d.organizationId.trim() || null,
    scim: { baseUrl: d.baseUrl.trim(), auth },
    scope: { groups: d.scopeGroups.split(",").map((g) => g.trim()).filter(Boolean) },
    pushGroups: d.pushGroups,
    deprovision: d.deprovision,
    maxRequestsPerSecond: Number(d.maxRequestsPerSecond || "0"),
  };
};

/**
 * "Connected apps" on the Provisioning page (contract: outbound SCIM provisioning): create an app,
 * test its connection, run a dry-run sync and read its plan, start a sync and watch its progress.
 */
export function ConnectedAppsSection() {
  const { t } = useTranslation();
  const api = useTenancyApi();
  const apps = useLoader(() => api.find<ConnectedApp[]>(BASE).then((a) => a ?? null), []);
  const [draft, setDraft] = useState<Draft>();
  const [saveError, setSaveError] = useState<string>();
  const [message, setMessage] = useState<{ variant: "success" | "danger" | "info"; text: string }>();
  const [selected, setSelected] = useState<ConnectedApp>();

  const save = async () => {
    try {
      await api.post(BASE, body(draft!));
      setDraft(undefined);
      setSaveError(undefined);
      apps.reload();
    } catch (e) {
      setSaveError(errorText(e));
    }
  };

  const test = async (app: ConnectedApp) => {
    try {
      const r = await api.post<TestResult>(`${BASE}/${app.id}/test`);
      setMessage(
        r.ok
          ? { variant: "success", text: t("tenancyAppTestOk", "Connected to {{name}} (PATCH {{patch}})", { name: app.name, patch: r.patchSupported ? "supported" : "not supported" }) }
          : { variant: "danger", text: t("tenancyAppTestFailed", "{{name}} could not be reached: {{error}}", { name: app.name, error: r.error }) },
      );
    } catch (e) {
      setMessage({ variant: "danger", text: errorText(e) });
    }
  };

  if (apps.data === null) return null; // the API is not installed on this server
  return (
    <PageSection variant="light" data-testid="tenancy-apps">
      <Card isPlain>
        <CardHeader>
          <CardTitle component="h2">{t("tenancyConnectedApps", "Connected apps")}</CardTitle>
        </CardHeader>
        <CardBody>
          {message && (
            <Alert isInline variant={message.variant} title={message.text} data-testid="tenancy-app-message"
              actionClose={<Button variant="plain" onClick={() => setMessage(undefined)}>×</Button>} />
          )}
          <Toolbar>
            <ToolbarContent>
              <ToolbarItem>
                <Button data-testid="tenancy-app-create" onClick={() => { setDraft(NEW); setSaveError(undefined); }}>
                  {t("tenancyAppCreate", "Connect an app")}
                </Button>
              </ToolbarItem>
            </ToolbarContent>
          </Toolbar>
          {apps.loading && apps.data === undefined ? (
            <Spinner size="lg" />
          ) : apps.error ? (
            <Alert isInline variant="danger" title={apps.error} />
          ) : apps.data!.length === 0 ? (
            <EmptyState>
              <EmptyStateHeader titleText={t("tenancyAppsEmpty", "No connected apps")} headingLevel="h3" />
              <EmptyStateBody>{t("tenancyAppsEmptyHelp", "Push users and groups into an application's SCIM API.")}</EmptyStateBody>
            </EmptyState>
          ) : (
            <Table aria-label="connected apps" variant="compact" data-testid="tenancy-apps-table">
              <Thead>
                <Tr>
                  <Th>{t("name")}</Th>
                  <Th>{t("tenancyAppOrganization", "Organization")}</Th>
                  <Th>{t("tenancyAppBaseUrl", "SCIM base URL")}</Th>
                  <Th>{t("status")}</Th>
                  <Th />
                </Tr>
              </Thead>
              <Tbody>
                {apps.data!.map((a) => (
                  <Tr key={a.id} data-testid={`tenancy-app-${a.name}`}>
                    <Td>{a.name}</Td>
                    <Td>{a.organizationId ?? t("tenancyAppRealmWide", "whole realm")}</Td>
                    <Td>{a.scim.baseUrl}</Td>
                    <Td>
                      {!a.enabled ? <Label>{t("disabled")}</Label> : a.paused ? <Label color="red">{t("tenancyAppPaused", "paused")}</Label> : <Label color="green">{t("enabled")}</Label>}
                    </Td>
                    <Td isActionCell>
                      <Button variant="secondary" size="sm" onClick={() => test(a)} data-testid="tenancy-app-test">
                        {t("tenancyAppTest", "Test connection")}
                      </Button>{" "}
                      <Button variant="secondary" size="sm" onClick={() => setSelected(a)} data-testid="tenancy-app-open">
                        {t("tenancyAppSyncs", "Sync")}
                      </Button>
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          )}
        </CardBody>
      </Card>
      {selected && <SyncPanel app={selected} onClose={() => setSelected(undefined)} />}

      <Modal
        variant={ModalVariant.medium}
        title={t("tenancyAppCreate", "Connect an app")}
        isOpen={draft !== undefined}
        onClose={() => setDraft(undefined)}
        actions={[
          <Button key="save" onClick={save} data-testid="tenancy-app-save">{t("save")}</Button>,
          <Button key="cancel" variant="link" onClick={() => setDraft(undefined)}>{t("cancel")}</Button>,
        ]}
      >
        {draft && (
          <Form isHorizontal>
            {saveError && <Alert isInline variant="danger" title={saveError} data-testid="tenancy-app-save-error" />}
            <FormGroup label={t("name")} isRequired fieldId="app-name">
              <TextInput id="app-name" value={draft.name} onChange={(_e, v) => setDraft({ ...draft, name: v })} />
            </FormGroup>
            <FormGroup label={t("tenancyAppOrganizationId", "Organization id (empty: whole realm)")} fieldId="app-org">
              <TextInput id="app-org" value={draft.organizationId} onChange={(_e, v) => setDraft({ ...draft, organizationId: v })} />
            </FormGroup>
            <FormGroup label={t("tenancyAppBaseUrl", "SCIM base URL")} isRequired fieldId="app-url">
              <TextInput id="app-url" value={draft.baseUrl} placeholder="https://app.example/scim/v2" onChange={(_e, v) => setDraft({ ...draft, baseUrl: v })} />
            </FormGroup>
            <FormGroup label={t("tenancyAppAuth", "Authentication")} fieldId="app-auth">
              <FormSelect id="app-auth" value={draft.authType} onChange={(_e, v) => setDraft({ ...draft, authType: v as AuthType })}>
                {AUTH_TYPES.map((a) => <FormSelectOption key={a} value={a} label={a} />)}
              </FormSelect>
            </FormGroup>
            {draft.authType === "BEARER" && (
              <FormGroup label={t("tenancyAppToken", "Token")} isRequired fieldId="app-token">
                <TextInput id="app-token" type="password" value={draft.token} onChange={(_e, v) => setDraft({ ...draft, token: v })} />
              </FormGroup>
            )}
            {draft.authType === "BASIC" && (
              <>
                <FormGroup label={t("username")} isRequired fieldId="app-user">
                  <TextInput id="app-user" value={draft.username} onChange={(_e, v) => setDraft({ ...draft, username: v })} />
                </FormGroup>
                <FormGroup label={t("password")} isRequired fieldId="app-password">
                  <TextInput id="app-password" type="password" value={draft.password} onChange={(_e, v) => setDraft({ ...draft, password: v })} />
                </FormGroup>
              </>
            )}
            {draft.authType === "OAUTH2_CLIENT_CREDENTIALS" && (
              <>
                <FormGroup label={t("tenancyAppTokenUrl", "Token URL")} isRequired fieldId="app-token-url">
                  <TextInput id="app-token-url" value={draft.tokenUrl} onChange={(_e, v) => setDraft({ ...draft, tokenUrl: v })} />
                </FormGroup>
                <FormGroup label={t("clientId")} isRequired fieldId="app-client-id">
                  <TextInput id="app-client-id" value={draft.clientId} onChange={(_e, v) => setDraft({ ...draft, clientId: v })} />
                </FormGroup>
                <FormGroup label={t("clientSecret")} isRequired fieldId="app-client-secret">
                  <TextInput id="app-client-secret" type="password" value={draft.clientSecret} onChange={(_e, v) => setDraft({ ...draft, clientSecret: v })} />
                </FormGroup>
              </>
            )}
            <FormGroup label={t("tenancyAppScopeGroups", "Scope: group ids (comma-separated, empty: everyone)")} fieldId="app-groups">
              <TextInput id="app-groups" value={draft.scopeGroups} onChange={(_e, v) => setDraft({ ...draft, scopeGroups: v })} />
            </FormGroup>
            <FormGroup fieldId="app-push-groups">
              <Checkbox id="app-push-groups" label={t("tenancyAppPushGroups", "Push groups and their members")} isChecked={draft.pushGroups}
                onChange={(_e, v) => setDraft({ ...draft, pushGroups: v })} />
            </FormGroup>
            <FormGroup label={t("tenancyAppDeprovision", "Leavers")} fieldId="app-deprovision">
              <FormSelect id="app-deprovision" value={draft.deprovision} onChange={(_e, v) => setDraft({ ...draft, deprovision: v as Draft["deprovision"] })}>
                <FormSelectOption value="DEACTIVATE" label={t("tenancyAppDeactivate", "Deactivate (active=false)")} />
                <FormSelectOption value="DELETE" label={t("tenancyAppDelete", "Delete")} />
              </FormSelect>
            </FormGroup>
            <FormGroup label={t("tenancyAppRate", "Requests per second (0: no limit)")} fieldId="app-rate">
              <TextInput id="app-rate" type="number" value={draft.maxRequestsPerSecond} onChange={(_e, v) => setDraft({ ...draft, maxRequestsPerSecond: v })} />
            </FormGroup>
          </Form>
        )}
      </Modal>
    </PageSection>
  );
}

/** Status of one app, a dry run and its plan, a sync and its progress (polled while it runs). */
function SyncPanel({ app, onClose }: { app: ConnectedApp; onClose: () => void }) {
  const { t } = useTranslation();
  const api = useTenancyApi();
  const [status, setStatus] = useState<AppStatus>();
  const [runId, setRunId] = useState<string>();
  const [run, setRun] = useState<SyncRun>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    api.get<AppStatus>(`${BASE}/${app.id}/status`).then(setStatus).catch((e) => setError(errorText(e)));
  }, [app.id, run?.status]);

  useEffect(() => {
    if (!runId) return;
    let live = true;
    const poll = async () => {
      try {
        const r = await api.get<SyncRun>(`${BASE}/${app.id}/sync/${runId}`);
        if (!live) return;
        setRun(r);
        if (r.status === "QUEUED" || r.status === "RUNNING") setTimeout(poll, 1000);
      } catch (e) {
        if (live) setError(errorText(e));
      }
    };
    poll();
    return () => {
      live = false;
    };
  }, [runId]);

  const start = async (dryRun: boolean) => {
    setError(undefined);
    setRun(undefined);
    try {
      const r = await api.post<{ runId: string }>(`${BASE}/${app.id}/sync${dryRun ? "?dryRun=true" : ""}`);
      setRunId(r.runId);
    } catch (e) {
      setError(errorText(e));
    }
  };

  const running = run?.status === "QUEUED" || run?.status === "RUNNING";
  const planned = run?.toCreate ?? 0;
  const total = (run?.toCreate ?? 0) + (run?.toUpdate ?? 0) + (run?.toDeactivate ?? 0);
  return (
    <Modal variant={ModalVariant.large} title={`${t("tenancyAppSyncs", "Sync")}: ${app.name}`} isOpen onClose={onClose} data-testid="tenancy-app-sync">
      {error && <Alert isInline variant="danger" title={error} />}
      {status && (
        <p data-testid="tenancy-app-status">
          {t("tenancyAppStatusLine", "{{users}} users and {{groups}} groups linked · {{pending}} pending · {{failed}} failed", {
            users: status.linkedUsers, groups: status.linkedGroups, pending: status.pending, failed: status.failed,
          })}
          {status.lastError ? ` · ${t("tenancyAppLastError", "last error")}: ${status.lastError}` : ""}
          {status.pausedReason ? ` · ${status.pausedReason}` : ""}
        </p>
      )}
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem>
            <Button variant="secondary" isDisabled={running} onClick={() => start(true)} data-testid="tenancy-app-dry-run">
              {t("tenancyAppDryRun", "Dry run")}
            </Button>
          </ToolbarItem>
          <ToolbarItem>
            <Button isDisabled={running} onClick={() => start(false)} data-testid="tenancy-app-sync-start">
              {t("tenancyAppSyncStart", "Start sync")}
            </Button>
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      {run && (
        <div data-testid="tenancy-app-run">
          <p data-testid="tenancy-app-run-counts">
            {run.dryRun ? t("tenancyAppDryRun", "Dry run") : t("tenancyAppSyncs", "Sync")} · {run.status} · {run.phase} ·{" "}
            {t("tenancyAppCounts", "create {{c}}, update {{u}}, deactivate {{d}}, done {{done}}, failed {{f}}", {
              c: planned, u: run.toUpdate, d: run.toDeactivate, done: run.done, f: run.failed,
            })}
          </p>
          {!run.dryRun && total > 0 && (
            <Progress value={Math.round((100 * run.done) / total)} title={t("tenancyAppProgress", "Applied")} data-testid="tenancy-app-progress" />
          )}
          {run.dryRun && run.planned && (
            <Table aria-label="plan" variant="compact" data-testid="tenancy-app-plan">
              <Thead>
                <Tr>
                  <Th>{t("tenancyAppAction", "Change")}</Th>
                  <Th>{t("username")}</Th>
                  <Th>{t("tenancyAppAttributes", "Attributes")}</Th>
                </Tr>
              </Thead>
              <Tbody>
                {run.planned.map((p) => (
                  <Tr key={p.userId + p.action}>
                    <Td><Label color={p.action === "CREATE" ? "green" : p.action === "UPDATE" ? "blue" : "orange"}>{p.action}</Label></Td>
                    <Td>{p.userName}</Td>
                    <Td>{(p.attributes ?? []).join(", ")}</Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          )}
        </div>
      )}
    </Modal>
  );
}
