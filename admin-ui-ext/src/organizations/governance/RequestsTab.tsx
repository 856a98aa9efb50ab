import { Button, PageSection, TextInput, Toolbar, ToolbarContent, ToolbarItem } from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useTenancyApi } from "../../api/client";
import { useLoader } from "../../components/useLoader";
import { ErrorAlert, useAttempt, when } from "./shared";

type Request = {
  id: string;
  username?: string;
  role?: string;
  group?: string;
  reason: string;
  durationSeconds: number;
  status: string;
  createdAt: string;
  expiresAt?: string;
};

/** "Requests": the approver's queue of access requests (approve or deny, with a comment). */
export const RequestsTab = ({ orgId }: { orgId: string }) => {
  const { t } = useTranslation();
  const api = useTenancyApi();
  const base = `/orgs/${encodeURIComponent(orgId)}/access-requests`;
  const requests = useLoader(() => api.get<Request[]>(base), [api, base]);
  const { error, attempt } = useAttempt();
  const [comment, setComment] = useState("");

  const decide = (id: string, verb: "approve" | "deny") =>
    attempt(async () => {
      await api.post(`${base}/${encodeURIComponent(id)}/${verb}`, { comment: comment || undefined });
      requests.reload();
    });

  return (
    <PageSection variant="light">
      <ErrorAlert error={error ?? requests.error} testId="tenancy-requests-error" />
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem>
            <TextInput aria-label="comment" placeholder={t("tenancyRequestComment", "Comment for the decision")} value={comment} onChange={(_e, v) => setComment(v)} data-testid="tenancy-request-comment" />
          </ToolbarItem>
          <ToolbarItem>
            <Button variant="secondary" onClick={requests.reload}>{t("refresh")}</Button>
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      <Table aria-label={t("tenancyRequestsTab", "Requests")} variant="compact" data-testid="tenancy-requests-table">
        <Thead>
          <Tr>
            <Th>{t("username")}</Th>
            <Th>{t("tenancyRequestWhat", "Access")}</Th>
            <Th>{t("tenancyRequestReason", "Reason")}</Th>
            <Th>{t("tenancyRequestDuration", "Duration")}</Th>
            <Th>{t("status")}</Th>
            <Th screenReaderText={t("tenancyActions")} />
          </Tr>
        </Thead>
        <Tbody>
          {(requests.data ?? []).map((r) => (
            <Tr key={r.id} data-testid={`tenancy-request-row-${r.username}`}>
              <Td>{r.username}</Td>
              <Td>{r.role ? `role ${r.role}` : `group ${r.group}`}</Td>
              <Td>{r.reason}</Td>
              <Td>{Math.round(r.durationSeconds / 3600 * 10) / 10} h</Td>
              <Td data-testid={`tenancy-request-status-${r.username}`}>{r.status}{r.expiresAt ? ` → ${when(r.expiresAt)}` : ""}</Td>
              <Td isActionCell>
                {r.status === "PENDING" && (
                  <>
                    <Button variant="link" onClick={() => decide(r.id, "approve")} data-testid={`tenancy-request-approve-${r.username}`}>
                      {t("tenancyApprove", "Approve")}
                    </Button>
                    <Button variant="link" isDanger onClick={() => decide(r.id, "deny")} data-testid={`tenancy-request-deny-${r.username}`}>
                      {t("tenancyDeny", "Deny")}
                    </Button>
                  </>
                )}
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
    </PageSection>
  );
};
