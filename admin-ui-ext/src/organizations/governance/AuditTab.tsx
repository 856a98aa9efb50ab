import { useAdminClient, useRealm } from "@keycloak/keycloak-admin-ui";
import { Button, PageSection, Toolbar, ToolbarContent, ToolbarItem } from "@patternfly/react-core";
import { ExpandableRowContent, Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { Fragment, useState } from "react";
import { useTranslation } from "react-i18next";
import { useTenancyApi } from "../../api/client";
import { useLoader } from "../../components/useLoader";
import { download, ErrorAlert, useAttempt, when } from "./shared";

type Entry = { id: string; time: string; actor: string; operation: string; resource: string; before: unknown; after: unknown };

/** "Audit": the organization's audit trail, newest first, with before/after and a CSV export. */
export const AuditTab = ({ orgId }: { orgId: string }) => {
  const { t } = useTranslation();
  const api = useTenancyApi();
  const { adminClient } = useAdminClient();
  const { realm } = useRealm();
  const base = `/orgs/${encodeURIComponent(orgId)}/audit`;
  const [max, setMax] = useState(100);
  const entries = useLoader(() => api.get<Entry[]>(`${base}?max=${max}`), [api, base, max]);
  const [open, setOpen] = useState<string>();
  const { error, attempt } = useAttempt();

  const csv = () =>
    attempt(() =>
      download(() => adminClient.getAccessToken(), `${adminClient.baseUrl}/realms/${encodeURIComponent(realm)}${base}?format=csv`, "audit.csv"),
    );

  return (
    <PageSection variant="light">
      <ErrorAlert error={error ?? entries.error} testId="tenancy-audit-error" />
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem>
            <Button variant="secondary" onClick={csv} data-testid="tenancy-audit-csv">{t("tenancyExportCsv", "Export CSV")}</Button>
          </ToolbarItem>
          <ToolbarItem>
            <Button variant="link" onClick={() => setMax(max + 100)}>{t("tenancyShowMore", "Show more")}</Button>
          </ToolbarItem>
          <ToolbarItem>
            <Button variant="link" onClick={entries.reload}>{t("refresh")}</Button>
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      <Table aria-label={t("tenancyAuditTab", "Audit")} variant="compact" data-testid="tenancy-audit-table">
        <Thead>
          <Tr>
            <Th screenReaderText="details" />
            <Th>{t("time")}</Th>
            <Th>{t("tenancyActor", "Actor")}</Th>
            <Th>{t("tenancyOperation", "Operation")}</Th>
            <Th>{t("resource")}</Th>
          </Tr>
        </Thead>
        {(entries.data ?? []).map((e, i) => (
          <Fragment key={e.id}>
            <Tbody isExpanded={open === e.id}>
              <Tr data-testid="tenancy-audit-row">
                <Td expand={{ rowIndex: i, isExpanded: open === e.id, onToggle: () => setOpen(open === e.id ? undefined : e.id) }} />
                <Td>{when(e.time)}</Td>
                <Td>{e.actor}</Td>
                <Td>{e.operation}</Td>
                <Td>{e.resource}</Td>
              </Tr>
              <Tr isExpanded={open === e.id}>
                <Td colSpan={5}>
                  <ExpandableRowContent>
                    <pre>{`before: ${JSON.stringify(e.before, null, 2)}\nafter: ${JSON.stringify(e.after, null, 2)}`}</pre>
                  </ExpandableRowContent>
                </Td>
              </Tr>
            </Tbody>
          </Fragment>
        ))}
      </Table>
    </PageSection>
  );
};
