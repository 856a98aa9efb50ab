import { Page as ContentPage } from "@keycloak/keycloak-account-ui";
import { Alert, Button, TextInput } from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorText, useOrgsApi, type AccessRequest } from "../api";
import { formatDate, useMyId, useTenancyAccess } from "../access";

type Row = { orgId: string; orgName: string; groups: Map<string, string>; request: AccessRequest };

const duration = (s: number) => (s % 86400 === 0 ? `${s / 86400} d` : s % 3600 === 0 ? `${s / 3600} h` : `${Math.round(s / 60)} min`);

/** "Access approvals": pending requests of the organizations where the user holds manage-roles; never their own. */
export function AccessApprovals() {
  const { t } = useTranslation();
  const { orgs, reload } = useTenancyAccess();
  const api = useOrgsApi();
  const me = useMyId();
  const [rows, setRows] = useState<Row[]>();
  const [comments, setComments] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();

  const load = useCallback(
    () =>
      Promise.all(
        orgs
          .filter((o) => o.access.approver)
          .map(async ({ org, access }) => {
            const groups = new Map([...access.requestable.groups, ...access.groups.map((g) => ({ id: g.id!, name: g.name }))].map((g) => [g.id, g.name]));
            return (await api.get<AccessRequest[]>(`/${org.id}/access-requests?status=PENDING`))
              .filter((r) => r.userId !== me)
              .map((request) => ({ orgId: org.id, orgName: org.name, groups, request }));
          }),
      )
        .then((all) => setRows(all.flat()))
        .catch((e) => setMessage({ ok: false, text: errorText(e) })),
    [api, orgs, me],
  );
  useEffect(() => {
    load();
  }, [load]);

  const decide = async (row: Row, approve: boolean) => {
    try {
      await api.post(`/${row.orgId}/access-requests/${row.request.id}/${approve ? "approve" : "deny"}`, {
        comment: comments[row.request.id] || undefined,
      });
      setMessage({ ok: true, text: `${approve ? "Approved" : "Denied"}: ${row.request.username}` });
      load();
      reload();
    } catch (e) {
      setMessage({ ok: false, text: errorText(e) });
    }
  };
  const what = (row: Row) => (row.request.role ? `role ${row.request.role}` : `group ${row.groups.get(row.request.group!) ?? row.request.group}`);

  return (
    <ContentPage title={t("tenancyAccessApprovals")} description={t("tenancyAccessApprovalsDescription")}>
      {message && <Alert data-testid="tenancy-approval-message" variant={message.ok ? "success" : "danger"} isInline isPlain title={message.text} className="pf-v5-u-mb-sm" />}
      {rows && rows.length === 0 && <Alert variant="info" isInline title="No request is waiting for your approval." />}
      {rows && rows.length > 0 && (
        <Table variant="compact" data-testid="tenancy-approvals">
          <Thead>
            <Tr>
              <Th>Member</Th>
              <Th>Organization</Th>
              <Th>Access</Th>
              <Th>For</Th>
              <Th>Reason</Th>
              <Th>Requested</Th>
              <Th>Comment</Th>
              <Th screenReaderText="Actions" />
            </Tr>
          </Thead>
          <Tbody>
            {rows.map((row) => (
              <Tr key={row.request.id} data-testid={`tenancy-approval-${row.request.username}`}>
                <Td dataLabel="Member">{row.request.username}</Td>
                <Td dataLabel="Organization">{row.orgName}</Td>
                <Td dataLabel="Access">{what(row)}</Td>
                <Td dataLabel="For">{duration(row.request.durationSeconds)}</Td>
                <Td dataLabel="Reason">{row.request.reason}</Td>
                <Td dataLabel="Requested">{formatDate(row.request.createdAt)}</Td>
                <Td dataLabel="Comment">
                  <TextInput
                    aria-label="Comment"
                    data-testid={`tenancy-approval-comment-${row.request.username}`}
                    value={comments[row.request.id] ?? ""}
                    onChange={(_e, v) => setComments({ ...comments, [row.request.id]: v })}
                  />
                </Td>
                <Td isActionCell className="pf-v5-u-text-nowrap">
                  <Button variant="primary" size="sm" data-testid={`tenancy-approve-${row.request.username}`} onClick={() => decide(row, true)}>
                    Approve
                  </Button>{" "}
                  <Button variant="secondary" isDanger size="sm" data-testid={`tenancy-deny-${row.request.username}`} onClick={() => decide(row, false)}>
                    Deny
                  </Button>
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
    </ContentPage>
  );
}
