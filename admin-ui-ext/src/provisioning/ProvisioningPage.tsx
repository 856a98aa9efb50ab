import { useAdminClient, ViewHeader } from "@keycloak/keycloak-admin-ui";
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
  FormHelperText,
  FormSelect,
  FormSelectOption,
  HelperText,
  HelperTextItem,
  Label,
  Modal,
  ModalVariant,
  PageSection,
  Spinner,
  Switch,
  TextInput,
  ToggleGroup,
  ToggleGroupItem,
  Toolbar,
  ToolbarContent,
  Tooltip,
  ToolbarItem,
} from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, errorText, useTenancyApi } from "../api/client";
import {
  DELIVERY_STATUSES,
  EVENT_KINDS,
  SINK_TYPES,
  type Delivery,
  type SinkType,
  type DeliveryStatus,
  type EventKind,
  type TestOutcome,
  type Webhook,
} from "../api/types";
import { formatTime } from "../components/format";
import { SecretOnceModal } from "../components/SecretOnceModal";
import { useLoader } from "../components/useLoader";
import { ConnectedAppsSection } from "./apps/ConnectedAppsSection";

const BASE = "/provisioning/webhooks";

type Draft = {
  id?: string;
  type: SinkType;
  url: string;
  target: string;
  secret: string;
  events: EventKind[];
  organizationId: string;
  enabled: boolean;
};

const NEW: Draft = { type: "webhook", url: "", target: "", secret: "", events: [...EVENT_KINDS], organizationId: "", enabled: true };

/** Where a subscription sends: the URL, the Kafka topic or the NATS subject. */
const targetOf = (w: Webhook): string =>
  (w.type === "kafka" ? w.topic : w.type === "nats" ? w.subject : w.url) ?? "—";

const statusColor: Record<DeliveryStatus, "blue" | "green" | "orange" | "red"> = {
  PENDING: "blue",
  DELIVERED: "green",
  FAILED: "orange",
  DEAD: "red",
};

/** The last attempt's HTTP status and error, without saying the same thing twice. */
const resultOf = (d: Delivery): string => {
  const parts = [d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : undefined, d.lastError ?? undefined];
  return [...new Set(parts.filter(Boolean))].join(" · ") || "—";
};

/** Webhook subscriptions of the realm and their deliveries (contract: provisioning-events). */
export default function ProvisioningPage() {
  const { t } = useTranslation();
  const api = useTenancyApi();
  const { adminClient } = useAdminClient();

  const hooks = useLoader(async () => {
    try {
      return await api.get<Webhook[]>(BASE);
    } catch (e) {
      if (e instanceof ApiError && (e.status === 404 || e.status === 405)) return null;
      throw e;
    }
  }, [api]);
  const orgs = useLoader(() => adminClient.organizations.find({ first: 0, max: 500 }), [adminClient]);
  /** The organization's name (as the subscription reports it, else from the list), never a bare id when a name is known. */
  const orgName = (w: Webhook) => {
    const id = w.organizationId;
    if (!id) return t("tenancyWebhookAllOrganizations");
    const o = orgs.data?.find((x) => x.id === id);
    return w.organization?.name ?? o?.name ?? w.organization?.alias ?? o?.alias ?? id;
  };

  const [draft, setDraft] = useState<Draft>();
  const [secret, setSecret] = useState<string>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [tested, setTested] = useState<TestOutcome>();
  const [deleting, setDeleting] = useState<Webhook>();
  const [selected, setSelected] = useState<Webhook>();
  const [filter, setFilter] = useState<DeliveryStatus | "">("");

  const deliveries = useLoader(
    () =>
      selected
        ? api.get<Delivery[]>(
            `${BASE}/${encodeURIComponent(selected.id)}/deliveries${filter ? `?status=${filter}` : ""}`,
          )
        : Promise.resolve([] as Delivery[]),
    [api, selected?.id, filter],
  );

  const attempt = async (what: () => Promise<void>) => {
    setError(undefined);
    setNotice(undefined);
    setTested(undefined);
    try {
      await what();
    } catch (e) {
      setError(errorText(e));
    }
  };

  const save = () =>
    attempt(async () => {
      const d = draft!;
      const body: Record<string, unknown> = {
        events: d.events,
        organizationId: d.organizationId || null,
        enabled: d.enabled,
      };
      if (!d.id) body.type = d.type;
      if (d.type === "webhook") {
        body.url = d.url.trim();
        if (d.secret) body.secret = d.secret;
      } else {
        body[d.type === "kafka" ? "topic" : "subject"] = d.target.trim();
      }
      if (d.id) {
        await api.put(`${BASE}/${encodeURIComponent(d.id)}`, body);
      } else {
        const created = await api.post<Webhook>(BASE, body);
        if (created?.secret) setSecret(created.secret);
      }
      setDraft(undefined);
      hooks.reload();
    });

  const remove = (w: Webhook) =>
    attempt(async () => {
      await api.del(`${BASE}/${encodeURIComponent(w.id)}`);
      setDeleting(undefined);
      if (selected?.id === w.id) setSelected(undefined);
      hooks.reload();
    });

  const test = (w: Webhook) =>
    attempt(async () => {
      setTested(await api.post<TestOutcome>(`${BASE}/${encodeURIComponent(w.id)}/test`));
      hooks.reload();
      if (selected?.id === w.id) deliveries.reload();
    });

  const retry = (d: Delivery) =>
    attempt(async () => {
      await api.post(`${BASE}/${encodeURIComponent(selected!.id)}/deliveries/${encodeURIComponent(d.id)}/retry`);
      setNotice(t("tenancyDeliveryRetried"));
      deliveries.reload();
    });

  const toggleEvent = (k: EventKind, on: boolean) =>
    setDraft((d) => d && { ...d, events: on ? [...d.events, k] : d.events.filter((e) => e !== k) });

  return (
    <>
      <ViewHeader titleKey="tenancyProvisioning" subKey="tenancyProvisioningHelp" />
      <PageSection variant="light">
        {hooks.data === undefined && !hooks.error ? (
          <Spinner size="lg" />
        ) : hooks.data === null ? (
          <EmptyState data-testid="tenancy-provisioning-unavailable">
            <EmptyStateHeader titleText={t("tenancyProvisioningUnavailable")} headingLevel="h2" />
            <EmptyStateBody>{t("tenancyProvisioningUnavailableHelp")}</EmptyStateBody>
          </EmptyState>
        ) : (
          <>
            {(error || hooks.error) && (
              <Alert variant="danger" isInline title={error ?? hooks.error} className="pf-v5-u-mb-md" data-testid="tenancy-provisioning-error" />
            )}
            {notice && <Alert variant="success" isInline title={notice} className="pf-v5-u-mb-md" />}
            {tested && (
              <Alert
                variant={tested.delivered ? "success" : "danger"}
                isInline
                className="pf-v5-u-mb-md"
                data-testid="tenancy-webhook-test-result"
                title={tested.delivered ? t("tenancyWebhookTestDelivered") : t("tenancyWebhookTestFailed")}
              >
                {[
                  tested.statusCode ? `HTTP ${tested.statusCode}` : undefined,
                  tested.error ?? undefined,
                  tested.durationMillis !== undefined ? `${tested.durationMillis} ms` : undefined,
                ]
                  .filter(Boolean)
                  .join(" · ")}
              </Alert>
            )}
            <Toolbar>
              <ToolbarContent>
                <ToolbarItem>
                  <Button data-testid="tenancy-webhook-create" onClick={() => setDraft({ ...NEW })}>
                    {t("tenancyWebhookCreate")}
                  </Button>
                </ToolbarItem>
              </ToolbarContent>
            </Toolbar>
            {hooks.data && hooks.data.length === 0 ? (
              <EmptyState variant="sm" data-testid="tenancy-webhooks-empty">
                <EmptyStateHeader titleText={t("tenancyWebhookNone")} headingLevel="h3" />
                <EmptyStateBody>{t("tenancyWebhookNoneHelp")}</EmptyStateBody>
              </EmptyState>
            ) : (
              <Table aria-label={t("tenancyWebhooks")} variant="compact" data-testid="tenancy-webhooks-table">
                <Thead>
                  <Tr>
                    <Th>{t("tenancySubscriptionType")}</Th>
                    <Th>{t("tenancySubscriptionTarget")}</Th>
                    <Th>{t("tenancyWebhookEvents")}</Th>
                    <Th>{t("organization")}</Th>
                    <Th>{t("tenancySubscriptionHealth")}</Th>
                    <Th>{t("enabled")}</Th>
                    <Th screenReaderText={t("tenancyActions")} />
                  </Tr>
                </Thead>
                <Tbody>
                  {(hooks.data ?? []).map((w) => (
                    <Tr key={w.id} isRowSelected={w.id === selected?.id} data-testid="tenancy-webhook-row">
                      <Td dataLabel={t("tenancySubscriptionType")}>
                        <Label isCompact data-testid="tenancy-webhook-type">
                          {t(`tenancySinkType_${w.type ?? "webhook"}`)}
                        </Label>
                      </Td>
                      <Td dataLabel={t("tenancySubscriptionTarget")}>
                        <Button variant="link" isInline onClick={() => setSelected(w)} data-testid="tenancy-webhook-deliveries">
                          {targetOf(w)}
                        </Button>
                      </Td>
                      <Td dataLabel={t("tenancyWebhookEvents")}>
                        {w.events?.map((e) => (
                          <Label key={e} isCompact className="pf-v5-u-mr-xs">
                            {t(`tenancyEvent_${e}`)}
                          </Label>
                        ))}
                      </Td>
                      <Td dataLabel={t("organization")} data-testid="tenancy-webhook-organization">
                        {orgName(w)}
                      </Td>
                      <Td dataLabel={t("tenancySubscriptionHealth")} data-testid="tenancy-webhook-health">
                        <Health w={w} />
                      </Td>
                      <Td dataLabel={t("enabled")}>
                        {w.enabled ? t("on") : w.disabledReason ? `${t("off")} (${w.disabledReason})` : t("off")}
                      </Td>
                      <Td isActionCell>
                        <Button variant="link" onClick={() => test(w)} data-testid="tenancy-webhook-test">
                          {t("tenancyWebhookTest")}
                        </Button>
                        <Button
                          variant="link"
                          onClick={() =>
                            setDraft({
                              id: w.id,
                              type: w.type ?? "webhook",
                              url: w.url ?? "",
                              target: (w.type === "kafka" ? w.topic : w.subject) ?? "",
                              secret: "",
                              events: w.events ?? [],
                              organizationId: w.organizationId ?? "",
                              enabled: w.enabled,
                            })
                          }
                          data-testid="tenancy-webhook-edit"
                        >
                          {t("edit")}
                        </Button>
                        <Button variant="link" isDanger onClick={() => setDeleting(w)} data-testid="tenancy-webhook-delete">
                          {t("delete")}
                        </Button>
                      </Td>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
            )}

            {selected && (
              <Card isFlat className="pf-v5-u-mt-lg" data-testid="tenancy-deliveries">
                <CardHeader
                  actions={{
                    actions: (
                      <Button variant="link" onClick={deliveries.reload} data-testid="tenancy-deliveries-refresh">
                        {t("refresh")}
                      </Button>
                    ),
                  }}
                >
                  <CardTitle>{t("tenancyDeliveriesOf", { url: targetOf(selected) })}</CardTitle>
                </CardHeader>
                <CardBody>
                  <div className="pf-v5-u-mb-md">
                    <HealthDetails w={(hooks.data ?? []).find((x) => x.id === selected.id) ?? selected} />
                  </div>
                  <ToggleGroup aria-label={t("status")} className="pf-v5-u-mb-md">
                    <ToggleGroupItem text={t("tenancyDeliveryAll")} isSelected={filter === ""} onChange={() => setFilter("")} data-testid="tenancy-delivery-filter-ALL" />
                    {DELIVERY_STATUSES.map((s) => (
                      <ToggleGroupItem
                        key={s}
                        text={t(`tenancyDelivery_${s}`)}
                        isSelected={filter === s}
                        onChange={() => setFilter(s)}
                        data-testid={`tenancy-delivery-filter-${s}`}
                      />
                    ))}
                  </ToggleGroup>
                  {deliveries.error && <Alert variant="danger" isInline isPlain title={deliveries.error} />}
                  {(deliveries.data ?? []).length === 0 ? (
                    <EmptyState variant="xs">
                      <EmptyStateBody>{t("tenancyDeliveryNone")}</EmptyStateBody>
                    </EmptyState>
                  ) : (
                    <Table aria-label={t("tenancyDeliveries")} variant="compact" data-testid="tenancy-deliveries-table">
                      <Thead>
                        <Tr>
                          <Th>{t("tenancyDeliveryEvent")}</Th>
                          <Th>{t("tenancyDeliveryUser")}</Th>
                          <Th>{t("tenancyDeliverySequence")}</Th>
                          <Th>{t("status")}</Th>
                          <Th>{t("tenancyDeliveryAttempts")}</Th>
                          <Th>{t("tenancyDeliveryLastAttempt")}</Th>
                          <Th>{t("tenancyDeliveryResult")}</Th>
                          <Th screenReaderText={t("tenancyActions")} />
                        </Tr>
                      </Thead>
                      <Tbody>
                        {(deliveries.data ?? []).map((d) => (
                          <Tr key={d.id} data-testid="tenancy-delivery-row">
                            <Td>
                              <div>
                                {d.type ?? "—"}{" "}
                                {d.test && (
                                  <Label isCompact color="purple" data-testid="tenancy-delivery-test">
                                    {t("tenancyDeliveryTestPing")}
                                  </Label>
                                )}
                              </div>
                              <small className="pf-v5-u-color-200">{d.eventId ?? d.id}</small>
                            </Td>
                            <Td data-testid="tenancy-delivery-user">
                              {d.test ? "—" : (d.username ?? d.userId ?? "—")}
                              {!d.test && d.username && d.userId && (
                                <div>
                                  <small className="pf-v5-u-color-200">{d.userId}</small>
                                </div>
                              )}
                            </Td>
                            <Td data-testid="tenancy-delivery-sequence">{d.sequence ?? "—"}</Td>
                            <Td>
                              <Label color={statusColor[d.status] ?? "grey"} data-testid="tenancy-delivery-status">
                                {t(`tenancyDelivery_${d.status}`)}
                              </Label>
                            </Td>
                            <Td>{d.attempts ?? "—"}</Td>
                            <Td>{formatTime(d.deliveredAt ?? d.lastAttemptAt ?? d.createdAt)}</Td>
                            <Td>{resultOf(d)}</Td>
                            <Td isActionCell>
                              {(d.status === "DEAD" || d.status === "FAILED") && (
                                <Button variant="link" onClick={() => retry(d)} data-testid="tenancy-delivery-retry">
                                  {t("tenancyDeliveryRetry")}
                                </Button>
                              )}
                            </Td>
                          </Tr>
                        ))}
                      </Tbody>
                    </Table>
                  )}
                </CardBody>
              </Card>
            )}
          </>
        )}
      </PageSection>
      <ConnectedAppsSection />

      <Modal
        variant={ModalVariant.medium}
        title={draft?.id ? t("tenancyWebhookEdit") : t("tenancyWebhookCreate")}
        isOpen={draft !== undefined}
        onClose={() => setDraft(undefined)}
        actions={[
          <Button
            key="save"
            data-testid="tenancy-webhook-save"
            onClick={save}
            isDisabled={!(draft?.type === "webhook" ? draft?.url.trim() : draft?.target.trim()) || !draft?.events.length}
          >
            {draft?.id ? t("save") : t("create")}
          </Button>,
          <Button key="cancel" variant="link" onClick={() => setDraft(undefined)}>
            {t("cancel")}
          </Button>,
        ]}
      >
        {draft && (
          <Form isHorizontal onSubmit={(e) => e.preventDefault()}>
            <FormGroup label={t("tenancySubscriptionType")} fieldId="tenancy-webhook-type">
              <FormSelect
                id="tenancy-webhook-type"
                data-testid="tenancy-webhook-type-select"
                value={draft.type}
                isDisabled={!!draft.id}
                onChange={(_e, v) => setDraft({ ...draft, type: v as SinkType })}
              >
                {SINK_TYPES.map((k) => (
                  <FormSelectOption key={k} value={k} label={t(`tenancySinkType_${k}`)} />
                ))}
              </FormSelect>
              <FormHelperText>
                <HelperText>
                  <HelperTextItem>{t("tenancySubscriptionTypeHelp")}</HelperTextItem>
                </HelperText>
              </FormHelperText>
            </FormGroup>
            {draft.type !== "webhook" && (
              <FormGroup
                label={t(draft.type === "kafka" ? "tenancySubscriptionTopic" : "tenancySubscriptionSubject")}
                fieldId="tenancy-webhook-target"
                isRequired
              >
                <TextInput
                  id="tenancy-webhook-target"
                  data-testid="tenancy-webhook-target"
                  placeholder={draft.type === "kafka" ? "identity.events" : "identity.events"}
                  value={draft.target}
                  onChange={(_e, v) => setDraft({ ...draft, target: v })}
                />
              </FormGroup>
            )}
            {draft.type === "webhook" && (
            <FormGroup label={t("tenancyWebhookUrl")} fieldId="tenancy-webhook-url" isRequired>
              <TextInput
                id="tenancy-webhook-url"
                data-testid="tenancy-webhook-url"
                type="url"
                placeholder="https://hooks.example.com/keycloak"
                value={draft.url}
                onChange={(_e, v) => setDraft({ ...draft, url: v })}
              />
            </FormGroup>
            )}
            <FormGroup label={t("tenancyWebhookEvents")} fieldId="tenancy-webhook-events" isRequired role="group">
              {EVENT_KINDS.map((k) => (
                <Checkbox
                  key={k}
                  id={`tenancy-webhook-event-${k}`}
                  label={t(`tenancyEvent_${k}`)}
                  isChecked={draft.events.includes(k)}
                  onChange={(_e, v) => toggleEvent(k, v)}
                />
              ))}
            </FormGroup>
            <FormGroup label={t("organization")} fieldId="tenancy-webhook-org">
              <FormSelect
                id="tenancy-webhook-org"
                data-testid="tenancy-webhook-org"
                value={draft.organizationId}
                onChange={(_e, v) => setDraft({ ...draft, organizationId: v })}
              >
                <FormSelectOption value="" label={t("tenancyWebhookAllOrganizations")} />
                {(orgs.data ?? []).map((o) => (
                  <FormSelectOption key={o.id} value={o.id!} label={o.alias ?? o.name!} />
                ))}
              </FormSelect>
            </FormGroup>
            {draft.type === "webhook" && (
            <FormGroup label={t("tenancyWebhookSecret")} fieldId="tenancy-webhook-secret">
              <TextInput
                id="tenancy-webhook-secret"
                type="password"
                autoComplete="new-password"
                value={draft.secret}
                onChange={(_e, v) => setDraft({ ...draft, secret: v })}
              />
              <FormHelperText>
                <HelperText>
                  <HelperTextItem>{draft.id ? t("tenancyWebhookSecretKeep") : t("tenancyWebhookSecretHelp")}</HelperTextItem>
                </HelperText>
              </FormHelperText>
            </FormGroup>
            )}
            <FormGroup label={t("enabled")} fieldId="tenancy-webhook-enabled" hasNoPaddingTop>
              <Switch
                id="tenancy-webhook-enabled"
                label={t("on")}
                labelOff={t("off")}
                isChecked={draft.enabled}
                onChange={(_e, v) => setDraft({ ...draft, enabled: v })}
              />
            </FormGroup>
          </Form>
        )}
      </Modal>

      <Modal
        variant={ModalVariant.small}
        title={t("tenancyWebhookDeleteTitle")}
        isOpen={deleting !== undefined}
        onClose={() => setDeleting(undefined)}
        actions={[
          <Button key="delete" variant="danger" onClick={() => remove(deleting!)} data-testid="tenancy-webhook-delete-confirm">
            {t("delete")}
          </Button>,
          <Button key="cancel" variant="link" onClick={() => setDeleting(undefined)}>
            {t("cancel")}
          </Button>,
        ]}
      >
        {deleting && targetOf(deleting)}
      </Modal>

      <SecretOnceModal secret={secret} titleKey="tenancyWebhookSecretTitle" helpKey="tenancyWebhookSecretOnceHelp" onClose={() => setSecret(undefined)} />
    </>
  );
}

/** The state of a subscription's receiver or broker, as a word. */
function healthState(h: NonNullable<Webhook["health"]>): { key: string; color: "red" | "orange" | "green" | "grey" } {
  const failing = !!h.lastErrorAt && (!h.lastSuccessAt || h.lastErrorAt > h.lastSuccessAt);
  if (h.breakerOpen) return { key: "tenancyHealthBackedOff", color: "red" };
  if (failing) return { key: "tenancyHealthFailing", color: "orange" };
  if (h.lastSuccessAt) return { key: "tenancyHealthOk", color: "green" };
  return { key: "tenancyHealthNoDelivery", color: "grey" };
}

/** In the list: the state and the backlog; the details on hover and in the deliveries panel. */
function Health({ w }: { w: Webhook }) {
  const { t } = useTranslation();
  const h = w.health;
  if (!h) return <>—</>;
  const state = healthState(h);
  return (
    <Tooltip content={<HealthDetails w={w} />}>
      <span>
        <Label isCompact color={state.color} data-testid="tenancy-webhook-health-state">
          {t(state.key)}
        </Label>{" "}
        <span data-testid="tenancy-webhook-backlog">{t("tenancyHealthBacklog", { count: h.backlog ?? 0 })}</span>
      </span>
    </Tooltip>
  );
}

/** Last success, last error category (and when), backlog, breaker. */
function HealthDetails({ w }: { w: Webhook }) {
  const { t } = useTranslation();
  const h = w.health;
  if (!h) return null;
  return (
    <span data-testid="tenancy-webhook-health-details">
      {t(healthState(h).key)} · {t("tenancyHealthBacklog", { count: h.backlog ?? 0 })} · {t("tenancyHealthLastSuccess")}:{" "}
      {h.lastSuccessAt ? formatTime(h.lastSuccessAt) : "—"} · {t("tenancyHealthLastError")}:{" "}
      <span data-testid="tenancy-webhook-last-error">{h.lastError ?? "—"}</span>
      {h.lastError && h.lastErrorAt ? ` (${formatTime(h.lastErrorAt)})` : ""}
    </span>
  );
}
