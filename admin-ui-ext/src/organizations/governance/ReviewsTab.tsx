import { useAdminClient, useRealm } from "@keycloak/keycloak-admin-ui";
import {
  Button,
  Card,
  CardBody,
  CardHeader,
  CardTitle,
  Form,
  FormGroup,
  FormSelect,
  FormSelectOption,
  Modal,
  ModalVariant,
  PageSection,
  TextInput,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useTenancyApi } from "../../api/client";
import { useLoader } from "../../components/useLoader";
import { download, ErrorAlert, grantedByLabel, useAttempt, when } from "./shared";

type Review = { id: string; name: string; status: string; dueAt: string; defaultDecision: string; counts: Record<string, number>; reviewers: string[] };
type Item = { id: string; username: string; kind: string; role?: string; groupName?: string; grantedBy?: string; decision: string; comment?: string };

/**
 * "Reviews": access reviews of the organization and a reviewer's queue — keep or revoke each item,
 * or several at once; managers create, close and download the evidence report.
 */
export const ReviewsTab = ({ orgId }: { orgId: string }) => {
  const { t } = useTranslation();
  const api = useTenancyApi();
  const { adminClient } = useAdminClient();
  const { realm } = useRealm();
  const base = `/orgs/${encodeURIComponent(orgId)}/access-reviews`;
  const reviews = useLoader(() => api.get<Review[]>(base), [api, base]);
  const [selected, setSelected] = useState<string>();
  const items = useLoader(
    () => (selected ? api.get<Item[]>(`${base}/${encodeURIComponent(selected)}/items`) : Promise.resolve([] as Item[])),
    [api, base, selected],
  );
  const orgMembers = useLoader(() => adminClient.organizations.listMembers({ orgId, first: 0, max: 500 }).catch(() => []), [adminClient, orgId]);
  const { error, attempt } = useAttempt();
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [comment, setComment] = useState("");
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState("");
  const [reviewer, setReviewer] = useState("");
  const [days, setDays] = useState("14");
  const [defaultDecision, setDefaultDecision] = useState("KEEP");

  const decide = (ids: string[], decision: "KEEP" | "REVOKE") =>
    attempt(async () => {
      await api.post(`${base}/${encodeURIComponent(selected!)}/decisions`, { items: ids, decision, comment: comment || undefined });
      setChecked(new Set());
      items.reload();
      reviews.reload();
    });

  const create = () =>
    attempt(async () => {
      const dueAt = new Date(Date.now() + Number(days) * 86400_000).toISOString();
      await api.post(base, { name, reviewers: [reviewer], dueAt, defaultDecision, scope: {} });
      setCreating(false);
      reviews.reload();
    });

  const close = (id: string) =>
    attempt(async () => {
      await api.post(`${base}/${encodeURIComponent(id)}/close`);
      reviews.reload();
      items.reload();
    });

  const report = (id: string) =>
    attempt(() =>
      download(() => adminClient.getAccessToken(), `${adminClient.baseUrl}/realms/${encodeURIComponent(realm)}${base}/${encodeURIComponent(id)}/report?format=csv`, `review-${id}.csv`),
    );

  const toggle = (id: string) => {
    const next = new Set(checked);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setChecked(next);
  };

  return (
    <PageSection variant="light">
      <ErrorAlert error={error ?? reviews.error} testId="tenancy-reviews-error" />
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem>
            <Button data-testid="tenancy-review-create" onClick={() => setCreating(true)}>{t("tenancyReviewCreate", "Start review")}</Button>
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      <Table aria-label={t("tenancyReviewsTab", "Reviews")} variant="compact" data-testid="tenancy-reviews-table">
        <Thead>
          <Tr>
            <Th>{t("name")}</Th>
            <Th>{t("status")}</Th>
            <Th>{t("tenancyReviewDue", "Due")}</Th>
            <Th modifier="wrap">{t("tenancyReviewCounts", "Pending / keep / revoke")}</Th>
            <Th screenReaderText={t("tenancyActions")} />
          </Tr>
        </Thead>
        <Tbody>
          {(reviews.data ?? []).map((r) => (
            <Tr key={r.id} isRowSelected={r.id === selected} data-testid={`tenancy-review-row-${r.name}`}>
              <Td>
                <Button variant="link" isInline onClick={() => setSelected(r.id)} data-testid={`tenancy-review-${r.name}`}>{r.name}</Button>
              </Td>
              <Td data-testid={`tenancy-review-status-${r.name}`}>{r.status}</Td>
              <Td>{when(r.dueAt)}</Td>
              <Td>{r.counts.PENDING} / {r.counts.KEEP} / {r.counts.REVOKE}</Td>
              <Td isActionCell>
                {r.status === "OPEN" && (
                  <Button variant="link" onClick={() => close(r.id)} data-testid={`tenancy-review-close-${r.name}`}>{t("close")}</Button>
                )}
                <Button variant="link" onClick={() => report(r.id)} data-testid={`tenancy-review-report-${r.name}`}>{t("tenancyReviewReport", "Report (CSV)")}</Button>
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>

      {selected && (
        <Card isFlat className="pf-v5-u-mt-lg" data-testid="tenancy-review-items">
          <CardHeader
            actions={{
              actions: (
                <>
                  <TextInput aria-label="comment" placeholder={t("tenancyReviewComment", "Comment")} value={comment} onChange={(_e, v) => setComment(v)} data-testid="tenancy-review-comment" />
                  <Button variant="secondary" isDisabled={checked.size === 0} onClick={() => decide([...checked], "KEEP")} data-testid="tenancy-review-bulk-keep">
                    {t("tenancyKeepSelected", "Keep selected")}
                  </Button>
                  <Button variant="danger" isDisabled={checked.size === 0} onClick={() => decide([...checked], "REVOKE")} data-testid="tenancy-review-bulk-revoke">
                    {t("tenancyRevokeSelected", "Revoke selected")}
                  </Button>
                </>
              ),
            }}
          >
            <CardTitle>{t("tenancyReviewItems", "Items to review")}</CardTitle>
          </CardHeader>
          <CardBody>
            <ErrorAlert error={items.error} testId="tenancy-review-items-error" />
            <Table variant="compact" aria-label="items">
              <Thead>
                <Tr>
                  <Th screenReaderText="select" />
                  <Th>{t("username")}</Th>
                  <Th>{t("tenancyReviewGrant", "Access")}</Th>
                  <Th>{t("tenancyGrantedBy", "Granted by")}</Th>
                  <Th>{t("tenancyDecision", "Decision")}</Th>
                  <Th screenReaderText={t("tenancyActions")} />
                </Tr>
              </Thead>
              <Tbody>
                {(items.data ?? []).map((i, rowIndex) => (
                  <Tr key={i.id} data-testid={`tenancy-review-item-${i.username}-${i.role ?? i.groupName}`}>
                    <Td select={{ rowIndex, onSelect: () => toggle(i.id), isSelected: checked.has(i.id) }} />
                    <Td>{i.username}</Td>
                    <Td>{i.kind === "role" ? `role ${i.role}` : `group ${i.groupName}`}</Td>
                    <Td>{grantedByLabel(i.grantedBy, orgMembers.data)}</Td>
                    <Td data-testid={`tenancy-review-decision-${i.username}-${i.role ?? i.groupName}`}>{i.decision}</Td>
                    <Td isActionCell>
                      <Button variant="link" onClick={() => decide([i.id], "KEEP")} data-testid={`tenancy-review-keep-${i.username}-${i.role ?? i.groupName}`}>{t("tenancyKeep", "Keep")}</Button>
                      <Button variant="link" isDanger onClick={() => decide([i.id], "REVOKE")} data-testid={`tenancy-review-revoke-${i.username}-${i.role ?? i.groupName}`}>{t("tenancyRevoke", "Revoke")}</Button>
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          </CardBody>
        </Card>
      )}

      <Modal
        variant={ModalVariant.small}
        title={t("tenancyReviewCreate", "Start review")}
        isOpen={creating}
        onClose={() => setCreating(false)}
        actions={[
          <Button key="save" data-testid="tenancy-review-create-save" onClick={create} isDisabled={!name || !reviewer}>{t("create")}</Button>,
          <Button key="cancel" variant="link" onClick={() => setCreating(false)}>{t("cancel")}</Button>,
        ]}
      >
        <Form onSubmit={(e) => e.preventDefault()}>
          <FormGroup label={t("name")} fieldId="tenancy-review-name" isRequired>
            <TextInput id="tenancy-review-name" data-testid="tenancy-review-name" value={name} onChange={(_e, v) => setName(v)} />
          </FormGroup>
          <FormGroup label={t("tenancyReviewer", "Reviewer")} fieldId="tenancy-review-reviewer" isRequired>
            <FormSelect id="tenancy-review-reviewer" data-testid="tenancy-review-reviewer" value={reviewer} onChange={(_e, v) => setReviewer(v)}>
              <FormSelectOption value="" label="—" isPlaceholder />
              {(orgMembers.data ?? []).map((m) => (
                <FormSelectOption key={m.id} value={m.id!} label={m.username!} />
              ))}
            </FormSelect>
          </FormGroup>
          <FormGroup label={t("tenancyReviewDays", "Due in (days)")} fieldId="tenancy-review-days">
            <TextInput id="tenancy-review-days" type="number" value={days} onChange={(_e, v) => setDays(v)} />
          </FormGroup>
          <FormGroup label={t("tenancyReviewDefault", "Undecided items at the due date")} fieldId="tenancy-review-default">
            <FormSelect id="tenancy-review-default" value={defaultDecision} onChange={(_e, v) => setDefaultDecision(v)}>
              <FormSelectOption value="KEEP" label="KEEP" />
              <FormSelectOption value="REVOKE" label="REVOKE" />
            </FormSelect>
          </FormGroup>
        </Form>
      </Modal>
    </PageSection>
  );
};
