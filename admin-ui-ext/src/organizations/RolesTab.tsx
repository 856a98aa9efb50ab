import { useAdminClient } from "@keycloak/keycloak-admin-ui";
import {
  Alert,
  Button,
  Card,
  CardBody,
  CardHeader,
  CardTitle,
  EmptyState,
  EmptyStateBody,
  Form,
  FormGroup,
  FormSelect,
  FormSelectOption,
  Label,
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
import { errorText, useTenancyApi } from "../api/client";
import type { OrgRole, OrgRoleUser } from "../api/types";
import { useLoader } from "../components/useLoader";
import { grantedByLabel } from "./governance/shared";

/** The delegated-administration roles every organization gets (contract: "Organization roles"). */
const BUILT_IN = new Set([
  "view-organization",
  "manage-organization",
  "view-members",
  "manage-members",
  "view-roles",
  "manage-roles",
  "view-scim",
  "manage-scim",
  "view-provisioning",
  "manage-provisioning",
]);

type Props = { orgId: string };

const isBuiltIn = (r: OrgRole) => r.builtIn ?? BUILT_IN.has(r.name);

const userLabel = (u: OrgRoleUser) =>
  u.username ?? u.email ?? u.id;

export const RolesTab = ({ orgId }: Props) => {
  const { t } = useTranslation();
  const api = useTenancyApi();
  const { adminClient } = useAdminClient();
  const base = `/orgs/${encodeURIComponent(orgId)}/roles`;

  const roles = useLoader(() => api.get<OrgRole[]>(base), [api, base]);
  const [selected, setSelected] = useState<string>();
  const members = useLoader(
    () =>
      selected
        ? api.get<OrgRoleUser[]>(`${base}/${encodeURIComponent(selected)}/users`)
        : Promise.resolve([] as OrgRoleUser[]),
    [api, base, selected],
  );
  const orgMembers = useLoader(
    () => adminClient.organizations.listMembers({ orgId, first: 0, max: 500 }),
    [adminClient, orgId],
  );

  const [error, setError] = useState<string>();
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [assigning, setAssigning] = useState(false);
  const [userId, setUserId] = useState("");
  const [expiresAt, setExpiresAt] = useState("");
  const [deleting, setDeleting] = useState<string>();

  const attempt = async (what: () => Promise<void>) => {
    setError(undefined);
    try {
      await what();
    } catch (e) {
      setError(errorText(e));
    }
  };

  const create = () =>
    attempt(async () => {
      await api.post(base, { name: name.trim(), description: description.trim() || undefined });
      setCreating(false);
      setSelected(name.trim());
      setName("");
      setDescription("");
      roles.reload();
    });

  const remove = (role: string) =>
    attempt(async () => {
      await api.del(`${base}/${encodeURIComponent(role)}`);
      setDeleting(undefined);
      if (selected === role) setSelected(undefined);
      roles.reload();
    });

  const assign = () =>
    attempt(async () => {
      await api.put(
        `${base}/${encodeURIComponent(selected!)}/users/${encodeURIComponent(userId)}`,
        expiresAt ? { expiresAt: new Date(expiresAt).toISOString() } : {},
      );
      setAssigning(false);
      setUserId("");
      setExpiresAt("");
      members.reload();
    });

  const unassign = (id: string) =>
    attempt(async () => {
      await api.del(`${base}/${encodeURIComponent(selected!)}/users/${encodeURIComponent(id)}`);
      members.reload();
    });

  const assigned = new Set((members.data ?? []).map((u) => u.id));
  const candidates = (orgMembers.data ?? []).filter((m) => !assigned.has(m.id!));

  return (
    <PageSection variant="light">
      {(error || roles.error) && (
        <Alert variant="danger" isInline title={error ?? roles.error} className="pf-v5-u-mb-md" data-testid="tenancy-roles-error" />
      )}
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem>
            <Button data-testid="tenancy-role-create" onClick={() => setCreating(true)}>
              {t("tenancyRoleCreate")}
            </Button>
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      <Table aria-label={t("tenancyRolesTab")} variant="compact" data-testid="tenancy-roles-table">
        <Thead>
          <Tr>
            <Th>{t("roleName")}</Th>
            <Th>{t("description")}</Th>
            <Th screenReaderText={t("tenancyActions")} />
          </Tr>
        </Thead>
        <Tbody>
          {(roles.data ?? []).map((r) => (
            <Tr key={r.name} isRowSelected={r.name === selected} data-testid={`tenancy-role-row-${r.name}`}>
              <Td dataLabel={t("roleName")}>
                <Button variant="link" isInline onClick={() => setSelected(r.name)} data-testid={`tenancy-role-${r.name}`}>
                  {r.name}
                </Button>{" "}
                {isBuiltIn(r) && <Label isCompact>{t("tenancyRoleBuiltIn")}</Label>}
              </Td>
              <Td dataLabel={t("description")}>{r.description}</Td>
              <Td isActionCell>
                {!isBuiltIn(r) && (
                  <Button variant="link" isDanger data-testid={`tenancy-role-delete-${r.name}`} onClick={() => setDeleting(r.name)}>
                    {t("delete")}
                  </Button>
                )}
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>

      {selected && (
        <Card isFlat className="pf-v5-u-mt-lg" data-testid="tenancy-role-members">
          <CardHeader
            actions={{
              actions: (
                <Button variant="secondary" data-testid="tenancy-role-assign" onClick={() => setAssigning(true)}>
                  {t("tenancyRoleAssign")}
                </Button>
              ),
            }}
          >
            <CardTitle>{t("tenancyRoleMembersOf", { role: selected })}</CardTitle>
          </CardHeader>
          <CardBody>
            {members.error && <Alert variant="danger" isInline isPlain title={members.error} />}
            {!members.loading && !members.error && (members.data ?? []).length === 0 ? (
              <EmptyState variant="xs">
                <EmptyStateBody>{t("tenancyRoleNoMembers")}</EmptyStateBody>
              </EmptyState>
            ) : (
              <Table aria-label={t("tenancyRoleMembersOf", { role: selected })} variant="compact">
                <Thead>
                  <Tr>
                    <Th>{t("username")}</Th>
                    <Th>{t("email")}</Th>
                    <Th>{t("tenancyGrantedBy", "Granted by")}</Th>
                    <Th>{t("tenancyExpiresAt", "Expires")}</Th>
                    <Th screenReaderText={t("tenancyActions")} />
                  </Tr>
                </Thead>
                <Tbody>
                  {(members.data ?? []).map((u) => (
                    <Tr key={u.id} data-testid={`tenancy-role-member-${userLabel(u)}`}>
                      <Td>{userLabel(u)}</Td>
                      <Td>{u.email}</Td>
                      <Td>{grantedByLabel(u.grantedBy, orgMembers.data)}</Td>
                      <Td data-testid={`tenancy-role-expires-${userLabel(u)}`}>{u.expiresAt ? new Date(u.expiresAt).toLocaleString() : "—"}</Td>
                      <Td isActionCell>
                        <Button variant="link" isDanger onClick={() => unassign(u.id)} data-testid={`tenancy-role-unassign-${userLabel(u)}`}>
                          {t("tenancyRoleUnassign")}
                        </Button>
                      </Td>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
            )}
          </CardBody>
        </Card>
      )}

      <Modal
        variant={ModalVariant.small}
        title={t("tenancyRoleCreate")}
        isOpen={creating}
        onClose={() => setCreating(false)}
        actions={[
          <Button key="save" data-testid="tenancy-role-create-save" onClick={create} isDisabled={!name.trim()}>
            {t("create")}
          </Button>,
          <Button key="cancel" variant="link" onClick={() => setCreating(false)}>
            {t("cancel")}
          </Button>,
        ]}
      >
        <Form onSubmit={(e) => { e.preventDefault(); if (name.trim()) void create(); }}>
          <FormGroup label={t("roleName")} fieldId="tenancy-role-name" isRequired>
            <TextInput id="tenancy-role-name" data-testid="tenancy-role-name" value={name} onChange={(_e, v) => setName(v)} />
          </FormGroup>
          <FormGroup label={t("description")} fieldId="tenancy-role-description">
            <TextInput id="tenancy-role-description" data-testid="tenancy-role-description" value={description} onChange={(_e, v) => setDescription(v)} />
          </FormGroup>
        </Form>
      </Modal>

      <Modal
        variant={ModalVariant.small}
        title={t("tenancyRoleAssign")}
        isOpen={assigning}
        onClose={() => setAssigning(false)}
        actions={[
          <Button key="assign" data-testid="tenancy-role-assign-save" onClick={assign} isDisabled={!userId}>
            {t("assign")}
          </Button>,
          <Button key="cancel" variant="link" onClick={() => setAssigning(false)}>
            {t("cancel")}
          </Button>,
        ]}
      >
        {candidates.length === 0 ? (
          t("tenancyRoleNoCandidates")
        ) : (
          <Form>
            <FormGroup label={t("tenancyRoleMember")} fieldId="tenancy-role-user">
              <FormSelect id="tenancy-role-user" data-testid="tenancy-role-user" value={userId} onChange={(_e, v) => setUserId(v)}>
                <FormSelectOption value="" label={t("tenancyRoleChooseMember")} isPlaceholder />
                {candidates.map((m) => (
                  <FormSelectOption key={m.id} value={m.id!} label={m.email ? `${m.username} (${m.email})` : m.username!} />
                ))}
              </FormSelect>
            </FormGroup>
            <FormGroup label={t("tenancyExpiresAt", "Expires")} fieldId="tenancy-role-expires">
              <TextInput id="tenancy-role-expires" data-testid="tenancy-role-expires" type="datetime-local" value={expiresAt} onChange={(_e, v) => setExpiresAt(v)} />
            </FormGroup>
          </Form>
        )}
      </Modal>

      <Modal
        variant={ModalVariant.small}
        title={t("tenancyRoleDeleteTitle", { role: deleting })}
        isOpen={deleting !== undefined}
        onClose={() => setDeleting(undefined)}
        actions={[
          <Button key="delete" variant="danger" data-testid="tenancy-role-delete-confirm" onClick={() => remove(deleting!)}>
            {t("delete")}
          </Button>,
          <Button key="cancel" variant="link" onClick={() => setDeleting(undefined)}>
            {t("cancel")}
          </Button>,
        ]}
      >
        {t("tenancyRoleDeleteMessage")}
      </Modal>
    </PageSection>
  );
};
