import { Page as ContentPage } from "@keycloak/keycloak-account-ui";
import {
  ActionGroup,
  Alert,
  Button,
  Card,
  CardBody,
  CardTitle,
  Form,
  FormGroup,
  FormSelect,
  FormSelectOption,
  Label,
  TextArea,
} from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorText, useOrgsApi, type AccessRequest, type Grant, type MyAccess } from "../api";
import { formatDate, formatGrantedBy, useMyId, useTenancyAccess } from "../access";

const DURATIONS = [
  { seconds: 3600, label: "1 hour" },
  { seconds: 8 * 3600, label: "8 hours" },
  { seconds: 24 * 3600, label: "1 day" },
  { seconds: 7 * 24 * 3600, label: "7 days" },
  { seconds: 30 * 24 * 3600, label: "30 days" },
];

/** "Organization access": per organization, the user's roles and groups, a request form and their requests. */
export function OrganizationAccess() {
  const { t } = useTranslation();
  const { loaded, orgs } = useTenancyAccess();
  return (
    <ContentPage title={t("tenancyOrganizationAccess")} description={t("tenancyOrganizationAccessDescription")}>
      {loaded && orgs.length === 0 && <Alert variant="info" isInline title={t("tenancyNoOrganizations")} />}
      {orgs.map(({ org, access }) => (
        <OrganizationCard key={org.id} access={access} />
      ))}
    </ContentPage>
  );
}

function GrantTable({ id, grants, empty }: { id: string; grants: Grant[]; empty: string }) {
  if (grants.length === 0) return <p className="pf-v5-u-mb-md">{empty}</p>;
  return (
    <Table variant="compact" data-testid={id} className="pf-v5-u-mb-md">
      <Thead>
        <Tr>
          <Th>Name</Th>
          <Th>Granted by</Th>
          <Th>Expires</Th>
        </Tr>
      </Thead>
      <Tbody>
        {grants.map((g) => (
          <Tr key={g.kind + (g.id ?? g.name)} data-testid={`tenancy-my-${g.kind}-${g.name}`}>
            <Td dataLabel="Name">{g.name}</Td>
            <Td dataLabel="Granted by">{formatGrantedBy(g.grantedBy)}</Td>
            <Td dataLabel="Expires">{formatDate(g.expiresAt)}</Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

function OrganizationCard({ access }: { access: MyAccess }) {
  const api = useOrgsApi();
  const me = useMyId();
  const { reload } = useTenancyAccess();
  const orgId = access.organization.id;
  const [requests, setRequests] = useState<AccessRequest[]>([]);
  const [kind, setKind] = useState<"role" | "group">(access.requestable.roles.length ? "role" : "group");
  const [target, setTarget] = useState("");
  const [reason, setReason] = useState("");
  const [duration, setDuration] = useState(String(DURATIONS[2].seconds));
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();

  const load = useCallback(
    () =>
      api
        .get<AccessRequest[]>(`/${orgId}/access-requests`)
        .then((all) => setRequests(all.filter((r) => r.userId === me)))
        .catch((e) => setMessage({ ok: false, text: errorText(e) })),
    [api, orgId, me],
  );
  useEffect(() => {
    load();
  }, [load]);

  const targets =
    kind === "role"
      ? access.requestable.roles.map((r) => ({ value: r, label: r }))
      : access.requestable.groups.map((g) => ({ value: g.id, label: g.name }));
  const groupName = (id?: string) => access.requestable.groups.find((g) => g.id === id)?.name ?? access.groups.find((g) => g.id === id)?.name ?? id;

  const submit = async () => {
    try {
      await api.post(`/${orgId}/access-requests`, {
        [kind]: target || targets[0]?.value,
        reason,
        durationSeconds: Number(duration),
      });
      setMessage({ ok: true, text: "Your request was sent to the organization's approvers." });
      setReason("");
      load();
    } catch (e) {
      setMessage({ ok: false, text: errorText(e) });
    }
  };
  const cancel = async (id: string) => {
    try {
      await api.post(`/${orgId}/access-requests/${id}/cancel`);
      setMessage({ ok: true, text: "Request cancelled." });
      load();
      reload();
    } catch (e) {
      setMessage({ ok: false, text: errorText(e) });
    }
  };

  return (
    <Card className="pf-v5-u-mb-lg" data-testid={`tenancy-org-${access.organization.alias}`}>
      <CardTitle>{access.organization.name}</CardTitle>
      <CardBody>
        <h3 className="pf-v5-u-font-weight-bold pf-v5-u-mb-sm">My roles</h3>
        <GrantTable id="tenancy-my-roles" grants={access.roles} empty="You hold no organization role." />
        <h3 className="pf-v5-u-font-weight-bold pf-v5-u-mb-sm">My groups</h3>
        <GrantTable id="tenancy-my-groups" grants={access.groups} empty="You are in no organization group." />

        <h3 className="pf-v5-u-font-weight-bold pf-v5-u-mb-sm">Request access</h3>
        {message && (
          <Alert data-testid="tenancy-request-message" variant={message.ok ? "success" : "danger"} isInline isPlain title={message.text} className="pf-v5-u-mb-sm" />
        )}
        {targets.length === 0 && access.requestable.roles.length + access.requestable.groups.length === 0 ? (
          <p className="pf-v5-u-mb-md">There is nothing more to request in this organization.</p>
        ) : (
          <Form isHorizontal className="pf-v5-u-mb-md" onSubmit={(e) => e.preventDefault()}>
            <FormGroup label="Access" fieldId="tenancy-request-kind">
              <FormSelect id="tenancy-request-kind" data-testid="tenancy-request-kind" value={kind} onChange={(_e, v) => { setKind(v as "role" | "group"); setTarget(""); }}>
                <FormSelectOption value="role" label="A role" isDisabled={!access.requestable.roles.length} />
                <FormSelectOption value="group" label="A group" isDisabled={!access.requestable.groups.length} />
              </FormSelect>
            </FormGroup>
            <FormGroup label={kind === "role" ? "Role" : "Group"} fieldId="tenancy-request-target">
              <FormSelect id="tenancy-request-target" data-testid="tenancy-request-target" value={target || targets[0]?.value || ""} onChange={(_e, v) => setTarget(v)}>
                {targets.map((o) => (
                  <FormSelectOption key={o.value} value={o.value} label={o.label} />
                ))}
              </FormSelect>
            </FormGroup>
            <FormGroup label="Reason" isRequired fieldId="tenancy-request-reason">
              <TextArea id="tenancy-request-reason" data-testid="tenancy-request-reason" value={reason} onChange={(_e, v) => setReason(v)} />
            </FormGroup>
            <FormGroup label="For" fieldId="tenancy-request-duration">
              <FormSelect id="tenancy-request-duration" data-testid="tenancy-request-duration" value={duration} onChange={(_e, v) => setDuration(v)}>
                {DURATIONS.map((d) => (
                  <FormSelectOption key={d.seconds} value={String(d.seconds)} label={d.label} />
                ))}
              </FormSelect>
            </FormGroup>
            <ActionGroup>
              <Button data-testid="tenancy-request-submit" isDisabled={!reason.trim() || targets.length === 0} onClick={submit}>
                Request
              </Button>
            </ActionGroup>
          </Form>
        )}

        <h3 className="pf-v5-u-font-weight-bold pf-v5-u-mb-sm">My requests</h3>
        {requests.length === 0 ? (
          <p>You have made no request.</p>
        ) : (
          <Table variant="compact" data-testid="tenancy-my-requests">
            <Thead>
              <Tr>
                <Th>Access</Th>
                <Th>Reason</Th>
                <Th>Requested</Th>
                <Th>State</Th>
                <Th>Until</Th>
                <Th screenReaderText="Actions" />
              </Tr>
            </Thead>
            <Tbody>
              {requests.map((r) => (
                <Tr key={r.id} data-testid={`tenancy-my-request-${r.role ?? groupName(r.group)}`}>
                  <Td dataLabel="Access">{r.role ? `role ${r.role}` : `group ${groupName(r.group)}`}</Td>
                  <Td dataLabel="Reason">{r.reason}</Td>
                  <Td dataLabel="Requested">{formatDate(r.createdAt)}</Td>
                  <Td dataLabel="State">
                    <Label data-testid="tenancy-my-request-status" color={r.status === "APPROVED" ? "green" : r.status === "PENDING" ? "blue" : "grey"}>
                      {r.status}
                    </Label>
                    {r.comment ? ` ${r.comment}` : ""}
                  </Td>
                  <Td dataLabel="Until">{formatDate(r.expiresAt)}</Td>
                  <Td isActionCell>
                    {r.status === "PENDING" && (
                      <Button variant="link" data-testid="tenancy-my-request-cancel" onClick={() => cancel(r.id)}>
                        Cancel
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
  );
}
