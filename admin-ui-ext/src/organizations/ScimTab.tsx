import { useAdminClient, useEnvironment, useRealm } from "@keycloak/keycloak-admin-ui";
import {
  ActionGroup,
  Alert,
  AlertActionLink,
  Button,
  Card,
  CardBody,
  CardHeader,
  CardTitle,
  Checkbox,
  ClipboardCopy,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Form,
  FormGroup,
  FormHelperText,
  FormSelect,
  FormSelectOption,
  Grid,
  GridItem,
  HelperText,
  HelperTextItem,
  Label,
  List,
  ListItem,
  Modal,
  ModalVariant,
  PageSection,
  Spinner,
  Switch,
  TextInput,
} from "@patternfly/react-core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorText, useTenancyApi } from "../api/client";
import {
  AUTH_TYPES,
  DEPROVISION_MODES,
  type AuthType,
  type Deprovision,
  type RealmOrgsConfig,
  type ScimConfig,
  type ScimError,
  type ScimStatus,
} from "../api/types";
import { formatTime } from "../components/format";
import { SecretOnceModal } from "../components/SecretOnceModal";
import { useLoader } from "../components/useLoader";
import { SetupLinksCard } from "./SetupLinksCard";

type Props = { orgId: string };

type FormState = {
  enabled: boolean;
  type: AuthType;
  clientId: string;
  issuer: string;
  audience: string;
  jwksUri: string;
  username: string;
  password: string;
  emailAsUsername: boolean;
  identityProvider: string;
  deprovision: Deprovision;
  adoptExistingUsers: boolean;
};

const EMPTY: FormState = {
  enabled: true,
  type: "EXTERNAL_SECRET",
  clientId: "",
  issuer: "",
  audience: "",
  jwksUri: "",
  username: "",
  password: "",
  emailAsUsername: false,
  identityProvider: "",
  deprovision: "DISABLE",
  adoptExistingUsers: false,
};

const toForm = (c: ScimConfig): FormState => ({
  enabled: c.enabled,
  type: c.auth?.type ?? "EXTERNAL_SECRET",
  clientId: c.auth?.clientId ?? "",
  issuer: c.auth?.issuer ?? "",
  audience: c.auth?.audience ?? "",
  jwksUri: c.auth?.jwksUri ?? "",
  username: c.auth?.username ?? "",
  password: "",
  emailAsUsername: c.emailAsUsername ?? false,
  identityProvider: c.identityProvider ?? "",
  deprovision: c.deprovision ?? "DISABLE",
  adoptExistingUsers: c.adoptExistingUsers ?? false,
});

/** The request body: only the fields of the chosen authentication type; blank password = keep. */
const toConfig = (f: FormState): ScimConfig => {
  const auth: ScimConfig["auth"] = { type: f.type };
  if (f.type === "KEYCLOAK") auth.clientId = f.clientId.trim();
  if (f.type === "EXTERNAL_JWT") {
    auth.issuer = f.issuer.trim();
    auth.audience = f.audience.trim();
    auth.jwksUri = f.jwksUri.trim();
  }
  if (f.type === "EXTERNAL_BASIC") {
    auth.username = f.username.trim();
    if (f.password) auth.password = f.password;
  }
  return {
    enabled: f.enabled,
    auth,
    emailAsUsername: f.emailAsUsername,
    identityProvider: f.identityProvider || null,
    deprovision: f.deprovision,
    adoptExistingUsers: f.adoptExistingUsers,
  };
};

const errorLine = (e: ScimError): string => {
  if (typeof e === "string") return e;
  const at = e.at ?? e.time ?? e.timestamp ?? e.occurredAt;
  const status = e.status ?? e.statusCode;
  const what = e.message ?? e.detail ?? e.error ?? JSON.stringify(e);
  return [at ? formatTime(at as string) : undefined, status, what]
    .filter((x) => x !== undefined && x !== "")
    .join(" · ");
};

export const ScimTab = ({ orgId }: Props) => {
  const { t } = useTranslation();
  const api = useTenancyApi();
  const { adminClient } = useAdminClient();
  const { realm } = useRealm();
  const { environment } = useEnvironment();
  const base = `/orgs/${encodeURIComponent(orgId)}/scim`;

  const realmConfig = useLoader(() => api.get<RealmOrgsConfig>("/orgs/config"), [api]);
  const scimOn = realmConfig.data?.scimEnabled === true;
  const config = useLoader(
    () => (scimOn ? api.find<ScimConfig>(base) : Promise.resolve(undefined)),
    [api, base, scimOn],
  );
  const status = useLoader(
    () => (config.data ? api.find<ScimStatus>(`${base}/status`) : Promise.resolve(undefined)),
    [api, base, config.data],
  );
  const idps = useLoader(
    async () =>
      (await adminClient.organizations.listIdentityProviders({ orgId })).map(
        (i) => i.alias!,
      ),
    [adminClient, orgId],
  );

  const [form, setForm] = useState<FormState>(EMPTY);
  const keycloakAuth = form.type === "KEYCLOAK";
  // Confidential clients with a service account: those can get a token for the KEYCLOAK type.
  const clients = useLoader(
    async () =>
      keycloakAuth
        ? (await adminClient.clients.find({ first: 0, max: 1000 }))
            .filter((c) => !c.publicClient && !c.bearerOnly && c.serviceAccountsEnabled)
            .map((c) => c.clientId!)
        : [],
    [adminClient, keycloakAuth],
  );
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [secret, setSecret] = useState<string>();
  const [revokePrevious, setRevokePrevious] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [confirmRevoke, setConfirmRevoke] = useState(false);

  useEffect(() => {
    setForm(config.data ? toForm(config.data) : EMPTY);
  }, [config.data]);

  const set = <K extends keyof FormState>(k: K, v: FormState[K]) =>
    setForm((f) => ({ ...f, [k]: v }));

  const run = async (what: () => Promise<void>, ok: string) => {
    setSaving(true);
    setMessage(undefined);
    try {
      await what();
      setMessage({ ok: true, text: t(ok) });
    } catch (e) {
      setMessage({ ok: false, text: t("tenancyScimSaveError", { error: errorText(e) }) });
    } finally {
      setSaving(false);
    }
  };

  const turnOnRealm = () =>
    run(async () => {
      await api.put("/orgs/config", { scimEnabled: true });
      realmConfig.reload();
    }, "tenancyScimRealmEnabled");

  const save = () =>
    run(async () => {
      const body = toConfig(form);
      let saved: ScimConfig;
      if (config.data) {
        saved = (await api.put<ScimConfig>(base, body)) ?? (await api.get<ScimConfig>(base));
        if (form.type === "EXTERNAL_SECRET" && !saved?.auth?.secretSet) {
          const rotated = await api.post<{ secret: string }>(`${base}/rotate-secret`);
          setSecret(rotated.secret);
          saved = await api.get<ScimConfig>(base);
        }
      } else {
        saved = await api.post<ScimConfig>(base, body);
        if (saved?.auth?.secret) setSecret(saved.auth.secret);
        saved = await api.get<ScimConfig>(base);
      }
      config.setData(saved);
    }, "tenancyScimSaved");

  // "Revoke now" cuts off every client still using the current secret: ask first.
  const rotate = () => (revokePrevious ? setConfirmRevoke(true) : doRotate(false));

  const doRotate = (revoke: boolean) =>
    run(async () => {
      setConfirmRevoke(false);
      const q = revoke ? "?revokePrevious=true" : "";
      const rotated = await api.post<{ secret: string }>(`${base}/rotate-secret${q}`);
      setRevokePrevious(false);
      setSecret(rotated.secret);
      config.setData(await api.get<ScimConfig>(base));
    }, "tenancyScimSecretRotated");

  const remove = () =>
    run(async () => {
      setConfirmDelete(false);
      await api.del(base);
      config.setData(undefined);
    }, "tenancyScimDeleted");

  if (realmConfig.loading && !realmConfig.data) return <Spinner size="lg" />;

  if (realmConfig.error) {
    return (
      <PageSection variant="light">
        <Alert variant="danger" isInline title={t("tenancyApiUnavailable")}>
          {realmConfig.error}
        </Alert>
      </PageSection>
    );
  }

  if (!scimOn) {
    return (
      <PageSection variant="light">
        <Alert
          variant="info"
          isInline
          title={t("tenancyScimRealmOff")}
          data-testid="tenancy-scim-realm-off"
          actionLinks={
            <AlertActionLink data-testid="tenancy-scim-realm-on" onClick={turnOnRealm}>
              {t("tenancyScimRealmTurnOn")}
            </AlertActionLink>
          }
        >
          {t("tenancyScimRealmOffHelp")}
        </Alert>
        {message && !message.ok && (
          <Alert variant="danger" isInline title={message.text} className="pf-v5-u-mt-md" />
        )}
      </PageSection>
    );
  }

  const computedUrl = `${environment.serverBaseUrl}/realms/${encodeURIComponent(realm)}/scim/v2/organizations/${encodeURIComponent(orgId)}`;
  const stored = config.data;
  const scimUrl = stored?.scimBaseUrl ?? computedUrl;

  return (
    <PageSection variant="light">
      <Grid hasGutter>
        <GridItem lg={8}>
          {!stored && !config.loading && (
            <Alert
              variant="info"
              isInline
              className="pf-v5-u-mb-md"
              title={t("tenancyScimNotConfigured")}
              data-testid="tenancy-scim-not-configured"
            />
          )}
          <Form isHorizontal onSubmit={(e) => { e.preventDefault(); void save(); }}>
            <FormGroup label={t("tenancyScimEnabled")} fieldId="tenancy-scim-enabled" hasNoPaddingTop>
              <Switch
                id="tenancy-scim-enabled"
                data-testid="tenancy-scim-enabled"
                label={t("on")}
                labelOff={t("off")}
                isChecked={form.enabled}
                onChange={(_e, v) => set("enabled", v)}
              />
            </FormGroup>
            <FormGroup label={t("tenancyScimBaseUrl")} fieldId="tenancy-scim-url">
              <ClipboardCopy isReadOnly hoverTip={t("copy")} clickTip={t("copied")} data-testid="tenancy-scim-url">
                {scimUrl}
              </ClipboardCopy>
            </FormGroup>
            <FormGroup label={t("tenancyScimAuthType")} fieldId="tenancy-scim-auth-type">
              <FormSelect
                id="tenancy-scim-auth-type"
                data-testid="tenancy-scim-auth-type"
                value={form.type}
                onChange={(_e, v) => set("type", v as AuthType)}
              >
                {AUTH_TYPES.map((a) => (
                  <FormSelectOption key={a} value={a} label={t(`tenancyScimAuth_${a}`)} />
                ))}
              </FormSelect>
              <FormHelperText>
                <HelperText>
                  <HelperTextItem>{t(`tenancyScimAuthHelp_${form.type}`)}</HelperTextItem>
                </HelperText>
              </FormHelperText>
            </FormGroup>

            {form.type === "KEYCLOAK" && (
              <FormGroup label={t("tenancyScimClientId")} fieldId="tenancy-scim-client-id" isRequired>
                <FormSelect
                  id="tenancy-scim-client-id"
                  data-testid="tenancy-scim-client-id"
                  value={form.clientId}
                  onChange={(_e, v) => set("clientId", v)}
                >
                  <FormSelectOption value="" label={t("tenancyScimChooseClient")} isPlaceholder />
                  {[...new Set([...(clients.data ?? []), ...(form.clientId ? [form.clientId] : [])])].map((c) => (
                    <FormSelectOption key={c} value={c} label={c} />
                  ))}
                </FormSelect>
                <FormHelperText>
                  <HelperText>
                    <HelperTextItem>{t("tenancyScimClientIdHelp")}</HelperTextItem>
                  </HelperText>
                </FormHelperText>
              </FormGroup>
            )}
            {form.type === "EXTERNAL_JWT" && (
              <>
                <FormGroup label={t("tenancyScimIssuer")} fieldId="tenancy-scim-issuer" isRequired>
                  <TextInput id="tenancy-scim-issuer" data-testid="tenancy-scim-issuer" value={form.issuer} onChange={(_e, v) => set("issuer", v)} />
                </FormGroup>
                <FormGroup label={t("tenancyScimAudience")} fieldId="tenancy-scim-audience" isRequired>
                  <TextInput id="tenancy-scim-audience" data-testid="tenancy-scim-audience" value={form.audience} onChange={(_e, v) => set("audience", v)} />
                </FormGroup>
                <FormGroup label={t("tenancyScimJwksUri")} fieldId="tenancy-scim-jwks" isRequired>
                  <TextInput id="tenancy-scim-jwks" data-testid="tenancy-scim-jwks" type="url" value={form.jwksUri} onChange={(_e, v) => set("jwksUri", v)} />
                </FormGroup>
              </>
            )}
            {form.type === "EXTERNAL_SECRET" && (
              <FormGroup label={t("tenancyScimSecret")} fieldId="tenancy-scim-secret" hasNoPaddingTop>
                {stored?.auth?.type === "EXTERNAL_SECRET" && stored.auth.secretSet ? (
                  <>
                    <Label color="green" data-testid="tenancy-scim-secret-set">{t("tenancyScimSecretSet")}</Label>
                    {stored.auth.previousSecretValidUntil && (
                      <HelperText className="pf-v5-u-mt-sm">
                        <HelperTextItem variant="warning" data-testid="tenancy-scim-grace">
                          {t("tenancyScimGrace", { until: formatTime(stored.auth.previousSecretValidUntil) })}
                        </HelperTextItem>
                      </HelperText>
                    )}
                    <div className="pf-v5-u-mt-sm">
                      <Button variant="secondary" data-testid="tenancy-scim-rotate" onClick={rotate} isDisabled={saving}>
                        {t("tenancyScimRotateSecret")}
                      </Button>
                      <Checkbox
                        id="tenancy-scim-revoke"
                        className="pf-v5-u-mt-sm"
                        label={t("tenancyScimRevokePrevious")}
                        data-testid="tenancy-scim-revoke"
                        isChecked={revokePrevious}
                        onChange={(_e, v) => setRevokePrevious(v)}
                      />
                    </div>
                  </>
                ) : (
                  <HelperText>
                    <HelperTextItem data-testid="tenancy-scim-secret-generated-on-save">{t("tenancyScimSecretOnSave")}</HelperTextItem>
                  </HelperText>
                )}
              </FormGroup>
            )}
            {form.type === "EXTERNAL_BASIC" && (
              <>
                <FormGroup label={t("username")} fieldId="tenancy-scim-username" isRequired>
                  <TextInput id="tenancy-scim-username" data-testid="tenancy-scim-username" value={form.username} onChange={(_e, v) => set("username", v)} />
                </FormGroup>
                <FormGroup label={t("password")} fieldId="tenancy-scim-password" isRequired={!stored?.auth?.passwordSet}>
                  <TextInput
                    id="tenancy-scim-password"
                    data-testid="tenancy-scim-password"
                    type="password"
                    autoComplete="new-password"
                    placeholder={stored?.auth?.passwordSet ? t("tenancyScimPasswordKept") : ""}
                    value={form.password}
                    onChange={(_e, v) => set("password", v)}
                  />
                </FormGroup>
              </>
            )}

            <FormGroup label={t("tenancyScimIdentityProvider")} fieldId="tenancy-scim-idp">
              <FormSelect
                id="tenancy-scim-idp"
                data-testid="tenancy-scim-idp"
                value={form.identityProvider}
                onChange={(_e, v) => set("identityProvider", v)}
              >
                <FormSelectOption value="" label={t("tenancyScimNoIdentityProvider")} />
                {(idps.data ?? []).map((a) => (
                  <FormSelectOption key={a} value={a} label={a} />
                ))}
              </FormSelect>
              <FormHelperText>
                <HelperText>
                  <HelperTextItem>{t("tenancyScimIdentityProviderHelp")}</HelperTextItem>
                </HelperText>
              </FormHelperText>
            </FormGroup>
            <FormGroup label={t("tenancyScimDeprovision")} fieldId="tenancy-scim-deprovision">
              <FormSelect
                id="tenancy-scim-deprovision"
                data-testid="tenancy-scim-deprovision"
                value={form.deprovision}
                onChange={(_e, v) => set("deprovision", v as Deprovision)}
              >
                {DEPROVISION_MODES.map((d) => (
                  <FormSelectOption key={d} value={d} label={t(`tenancyScimDeprovision_${d}`)} />
                ))}
              </FormSelect>
            </FormGroup>
            <FormGroup label={t("tenancyScimEmailAsUsername")} fieldId="tenancy-scim-email-as-username" hasNoPaddingTop>
              <Switch
                id="tenancy-scim-email-as-username"
                label={t("on")}
                labelOff={t("off")}
                isChecked={form.emailAsUsername}
                onChange={(_e, v) => set("emailAsUsername", v)}
              />
            </FormGroup>
            <FormGroup label={t("tenancyScimAdopt")} fieldId="tenancy-scim-adopt" hasNoPaddingTop>
              <Switch
                id="tenancy-scim-adopt"
                data-testid="tenancy-scim-adopt"
                label={t("on")}
                labelOff={t("off")}
                isChecked={form.adoptExistingUsers}
                onChange={(_e, v) => set("adoptExistingUsers", v)}
              />
              <FormHelperText>
                <HelperText>
                  <HelperTextItem>{t("tenancyScimAdoptHelp")}</HelperTextItem>
                </HelperText>
              </FormHelperText>
            </FormGroup>
            {message && (
              <Alert
                variant={message.ok ? "success" : "danger"}
                isInline
                isPlain
                title={message.text}
                data-testid="tenancy-scim-message"
              />
            )}
            <ActionGroup>
              <Button type="submit" data-testid="tenancy-scim-save" isDisabled={saving}>
                {t("save")}
              </Button>
              <Button variant="link" onClick={() => setForm(stored ? toForm(stored) : EMPTY)}>
                {t("revert")}
              </Button>
              {stored && (
                <Button variant="link" isDanger data-testid="tenancy-scim-delete" onClick={() => setConfirmDelete(true)} isDisabled={saving}>
                  {t("tenancyScimDelete")}
                </Button>
              )}
            </ActionGroup>
          </Form>
        </GridItem>
        <GridItem lg={4}>
          <Card isFlat data-testid="tenancy-scim-status">
            <CardHeader
              actions={{
                actions: (
                  <Button variant="link" onClick={status.reload} isDisabled={!stored}>
                    {t("refresh")}
                  </Button>
                ),
              }}
            >
              <CardTitle>{t("tenancyScimStatus")}</CardTitle>
            </CardHeader>
            <CardBody>
              {!stored ? (
                t("tenancyScimStatusNone")
              ) : status.error ? (
                <Alert variant="danger" isInline isPlain title={status.error} />
              ) : (
                <DescriptionList isCompact>
                  <DescriptionListGroup>
                    <DescriptionListTerm>{t("users")}</DescriptionListTerm>
                    <DescriptionListDescription data-testid="tenancy-scim-status-users">
                      {status.data?.users ?? "—"}
                    </DescriptionListDescription>
                  </DescriptionListGroup>
                  <DescriptionListGroup>
                    <DescriptionListTerm>{t("groups")}</DescriptionListTerm>
                    <DescriptionListDescription data-testid="tenancy-scim-status-groups">
                      {status.data?.groups ?? "—"}
                    </DescriptionListDescription>
                  </DescriptionListGroup>
                  {status.data?.provisionedUsers !== undefined && (
                    <DescriptionListGroup>
                      <DescriptionListTerm>{t("tenancyScimProvisionedUsers")}</DescriptionListTerm>
                      <DescriptionListDescription>{status.data.provisionedUsers}</DescriptionListDescription>
                    </DescriptionListGroup>
                  )}
                  <DescriptionListGroup>
                    <DescriptionListTerm>{t("tenancyScimLastRequest")}</DescriptionListTerm>
                    <DescriptionListDescription data-testid="tenancy-scim-status-last">
                      {formatTime(status.data?.lastRequestAt)}
                    </DescriptionListDescription>
                  </DescriptionListGroup>
                  <DescriptionListGroup>
                    <DescriptionListTerm>{t("tenancyScimRecentErrors")}</DescriptionListTerm>
                    <DescriptionListDescription data-testid="tenancy-scim-status-errors">
                      {status.data?.recentErrors?.length ? (
                        <List isPlain>
                          {status.data.recentErrors.map((e, i) => (
                            <ListItem key={i}>{errorLine(e)}</ListItem>
                          ))}
                        </List>
                      ) : (
                        t("tenancyScimNoErrors")
                      )}
                    </DescriptionListDescription>
                  </DescriptionListGroup>
                </DescriptionList>
              )}
            </CardBody>
          </Card>
          <SetupLinksCard orgId={orgId} />
        </GridItem>
      </Grid>
      <Modal
        variant={ModalVariant.small}
        title={t("tenancyScimRevokeTitle")}
        titleIconVariant="warning"
        isOpen={confirmRevoke}
        onClose={() => setConfirmRevoke(false)}
        data-testid="tenancy-scim-revoke-modal"
        actions={[
          <Button key="revoke" variant="danger" data-testid="tenancy-scim-revoke-confirm" onClick={() => doRotate(true)}>
            {t("tenancyScimRevokeConfirm")}
          </Button>,
          <Button key="cancel" variant="link" data-testid="tenancy-scim-revoke-cancel" onClick={() => setConfirmRevoke(false)}>
            {t("cancel")}
          </Button>,
        ]}
      >
        {t("tenancyScimRevokeMessage")}
      </Modal>
      <Modal
        variant={ModalVariant.small}
        title={t("tenancyScimDeleteTitle")}
        isOpen={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        actions={[
          <Button key="delete" variant="danger" data-testid="tenancy-scim-delete-confirm" onClick={remove}>
            {t("delete")}
          </Button>,
          <Button key="cancel" variant="link" onClick={() => setConfirmDelete(false)}>
            {t("cancel")}
          </Button>,
        ]}
      >
        {t("tenancyScimDeleteMessage")}
      </Modal>
      <SecretOnceModal
        secret={secret}
        titleKey="tenancyScimSecretTitle"
        helpKey="tenancyScimSecretHelp"
        onClose={() => setSecret(undefined)}
      />
    </PageSection>
  );
};
