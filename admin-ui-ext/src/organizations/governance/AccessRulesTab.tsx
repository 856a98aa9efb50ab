import {
  Button,
  Form,
  FormGroup,
  Label,
  Modal,
  ModalVariant,
  PageSection,
  Switch,
  TextArea,
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
import { ErrorAlert, useAttempt } from "./shared";

type Rule = {
  id: string;
  name: string;
  description?: string;
  when: unknown;
  grant: { roles: string[]; groups: string[] };
  enabled: boolean;
  progress: { state: string; processed: number; total: number };
};

type Preview = {
  evaluated: number;
  matched: number;
  changes: { userId: string; username: string; gain: { roles: string[]; groups: string[] }; lose: { roles: string[]; groups: string[] } }[];
};

const list = (s: string) => s.split(",").map((x) => x.trim()).filter(Boolean);

/** "Access rules": the organization's rules, their background progress, a draft editor with a preview. */
export const AccessRulesTab = ({ orgId }: { orgId: string }) => {
  const { t } = useTranslation();
  const api = useTenancyApi();
  const base = `/orgs/${encodeURIComponent(orgId)}/access-rules`;
  const rules = useLoader(() => api.get<Rule[]>(base), [api, base]);
  const { error, attempt } = useAttempt();
  const [editing, setEditing] = useState<Partial<Rule> & { whenText: string; roles: string; groups: string }>();
  const [preview, setPreview] = useState<Preview>();

  const draft = () => ({
    ...(editing?.id ? { id: editing.id } : {}),
    name: editing!.name ?? "",
    description: editing!.description || undefined,
    when: JSON.parse(editing!.whenText || "null"),
    grant: { roles: list(editing!.roles), groups: list(editing!.groups) },
    enabled: editing!.enabled ?? true,
  });

  const open = (r?: Rule) => {
    setPreview(undefined);
    setEditing(
      r
        ? { ...r, whenText: JSON.stringify(r.when, null, 2), roles: r.grant.roles.join(", "), groups: r.grant.groups.join(", ") }
        : { name: "", enabled: true, whenText: '{"attribute": "department", "op": "eq", "value": "Sales"}', roles: "", groups: "" },
    );
  };

  const runPreview = () => attempt(async () => setPreview(await api.post<Preview>(`${base}/preview`, draft())));

  const save = () =>
    attempt(async () => {
      const { id, ...body } = draft() as { id?: string };
      if (editing?.id) await api.put(`${base}/${encodeURIComponent(editing.id)}`, body);
      else await api.post(base, body);
      setEditing(undefined);
      rules.reload();
    });

  const remove = (id: string) =>
    attempt(async () => {
      await api.del(`${base}/${encodeURIComponent(id)}`);
      rules.reload();
    });

  return (
    <PageSection variant="light">
      <ErrorAlert error={error ?? rules.error} testId="tenancy-rules-error" />
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem>
            <Button data-testid="tenancy-rule-create" onClick={() => open()}>
              {t("tenancyRuleCreate", "Create rule")}
            </Button>
          </ToolbarItem>
          <ToolbarItem>
            <Button variant="secondary" onClick={rules.reload} data-testid="tenancy-rules-refresh">
              {t("refresh")}
            </Button>
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      <Table aria-label={t("tenancyAccessRulesTab", "Access rules")} variant="compact" data-testid="tenancy-rules-table">
        <Thead>
          <Tr>
            <Th>{t("name")}</Th>
            <Th>{t("tenancyRuleGrants", "Grants")}</Th>
            <Th>{t("tenancyRuleProgress", "Applied")}</Th>
            <Th screenReaderText={t("tenancyActions")} />
          </Tr>
        </Thead>
        <Tbody>
          {(rules.data ?? []).map((r) => (
            <Tr key={r.id} data-testid={`tenancy-rule-row-${r.name}`}>
              <Td>
                <Button variant="link" isInline onClick={() => open(r)}>
                  {r.name}
                </Button>{" "}
                {!r.enabled && <Label isCompact>{t("disabled")}</Label>}
              </Td>
              <Td>{[...r.grant.roles.map((x) => `role ${x}`), ...r.grant.groups.map((x) => `group ${x}`)].join(", ")}</Td>
              <Td data-testid={`tenancy-rule-progress-${r.name}`}>
                {r.progress.state} ({r.progress.processed}/{r.progress.total})
              </Td>
              <Td isActionCell>
                <Button variant="link" isDanger onClick={() => remove(r.id)} data-testid={`tenancy-rule-delete-${r.name}`}>
                  {t("delete")}
                </Button>
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>

      <Modal
        variant={ModalVariant.medium}
        title={editing?.id ? editing.name : t("tenancyRuleCreate", "Create rule")}
        isOpen={editing !== undefined}
        onClose={() => setEditing(undefined)}
        actions={[
          <Button key="preview" variant="secondary" data-testid="tenancy-rule-preview" onClick={runPreview}>
            {t("tenancyRulePreview", "Preview")}
          </Button>,
          <Button key="save" data-testid="tenancy-rule-save" onClick={save}>
            {t("save")}
          </Button>,
          <Button key="cancel" variant="link" onClick={() => setEditing(undefined)}>
            {t("cancel")}
          </Button>,
        ]}
      >
        {editing && (
          <Form onSubmit={(e) => e.preventDefault()}>
            <ErrorAlert error={error} testId="tenancy-rule-form-error" />
            <FormGroup label={t("name")} fieldId="tenancy-rule-name" isRequired>
              <TextInput id="tenancy-rule-name" data-testid="tenancy-rule-name" value={editing.name ?? ""} onChange={(_e, v) => setEditing({ ...editing, name: v })} />
            </FormGroup>
            <FormGroup label={t("tenancyRuleWhen", "When (JSON)")} fieldId="tenancy-rule-when">
              <TextArea id="tenancy-rule-when" data-testid="tenancy-rule-when" rows={5} value={editing.whenText} onChange={(_e, v) => setEditing({ ...editing, whenText: v })} />
            </FormGroup>
            <FormGroup label={t("tenancyRuleRoles", "Grant roles (comma-separated)")} fieldId="tenancy-rule-roles">
              <TextInput id="tenancy-rule-roles" data-testid="tenancy-rule-roles" value={editing.roles} onChange={(_e, v) => setEditing({ ...editing, roles: v })} />
            </FormGroup>
            <FormGroup label={t("tenancyRuleGroups", "Grant organization group ids (comma-separated)")} fieldId="tenancy-rule-groups">
              <TextInput id="tenancy-rule-groups" data-testid="tenancy-rule-groups" value={editing.groups} onChange={(_e, v) => setEditing({ ...editing, groups: v })} />
            </FormGroup>
            <FormGroup fieldId="tenancy-rule-enabled">
              <Switch id="tenancy-rule-enabled" label={t("enabled")} isChecked={editing.enabled ?? true} onChange={(_e, v) => setEditing({ ...editing, enabled: v })} />
            </FormGroup>
            {preview && (
              <div data-testid="tenancy-rule-preview-result">
                <p>
                  {t("tenancyRulePreviewSummary", "{{matched}} of {{evaluated}} members match; {{changes}} would change", {
                    matched: preview.matched,
                    evaluated: preview.evaluated,
                    changes: preview.changes.length,
                  })}
                </p>
                <Table variant="compact" aria-label="preview">
                  <Thead>
                    <Tr>
                      <Th>{t("username")}</Th>
                      <Th>{t("tenancyRuleGain", "Gains")}</Th>
                      <Th>{t("tenancyRuleLose", "Loses")}</Th>
                    </Tr>
                  </Thead>
                  <Tbody>
                    {preview.changes.map((c) => (
                      <Tr key={c.userId} data-testid={`tenancy-rule-preview-${c.username}`}>
                        <Td>{c.username}</Td>
                        <Td>{[...c.gain.roles, ...c.gain.groups].join(", ")}</Td>
                        <Td>{[...c.lose.roles, ...c.lose.groups].join(", ")}</Td>
                      </Tr>
                    ))}
                  </Tbody>
                </Table>
              </div>
            )}
          </Form>
        )}
      </Modal>
    </PageSection>
  );
};
