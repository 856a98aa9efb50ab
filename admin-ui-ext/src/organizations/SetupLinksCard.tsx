import {
  Alert,
  Button,
  Card,
  CardBody,
  CardHeader,
  CardTitle,
  Form,
  FormGroup,
  FormSelect,
  FormSelectOption,
  Label,
  List,
  ListItem,
  Modal,
  ModalVariant,
  Text,
  TextInput,
} from "@patternfly/react-core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, errorText, useTenancyApi } from "../api/client";
import type { SetupLink } from "../api/types";
import { formatTime } from "../components/format";
import { SecretOnceModal } from "../components/SecretOnceModal";
import { useLoader } from "../components/useLoader";

const EXPIRIES = [
  { seconds: 3600, key: "tenancySetupExpiry1h" },
  { seconds: 86400, key: "tenancySetupExpiry1d" },
  { seconds: 3 * 86400, key: "tenancySetupExpiry3d" },
  { seconds: 7 * 86400, key: "tenancySetupExpiry7d" },
];

const STATUS_COLOR = { ACTIVE: "green", EXPIRED: "grey", REVOKED: "red" } as const;

/**
 * "Send setup link": links for the customer's IT administrator, who connects Okta or Entra from a
 * page that needs no Keycloak account. The URL is shown once, like a secret; links are listed
 * without it and can be revoked.
 */
export const SetupLinksCard = ({ orgId }: { orgId: string }) => {
  const { t } = useTranslation();
  const api = useTenancyApi();
  const base = `/orgs/${encodeURIComponent(orgId)}/setup-links`;
  const links = useLoader(async () => {
    try {
      return await api.get<SetupLink[]>(base);
    } catch (e) {
      // view-scim without manage-scim: the card is not for this caller.
      if (e instanceof ApiError && (e.status === 403 || e.status === 404)) return undefined;
      throw e;
    }
  }, [api, base]);
  const [creating, setCreating] = useState(false);
  const [expiresIn, setExpiresIn] = useState(86400);
  const [note, setNote] = useState("");
  const [url, setUrl] = useState<string>();
  const [revoking, setRevoking] = useState<SetupLink>();
  const [error, setError] = useState<string>();

  if (!links.loading && links.data === undefined && !links.error) return null;

  const create = async () => {
    setError(undefined);
    try {
      const created = await api.post<SetupLink>(base, { expiresInSeconds: expiresIn, note: note.trim() || undefined });
      setCreating(false);
      setNote("");
      setUrl(created.url);
      links.reload();
    } catch (e) {
      setError(errorText(e));
    }
  };

  const revoke = async (link: SetupLink) => {
    setError(undefined);
    try {
      await api.del(`${base}/${encodeURIComponent(link.id)}`);
      setRevoking(undefined);
      links.reload();
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <Card isFlat className="pf-v5-u-mt-md" data-testid="tenancy-setup-links">
      <CardHeader
        actions={{
          actions: (
            <Button variant="secondary" data-testid="tenancy-setup-send" onClick={() => setCreating(true)}>
              {t("tenancySetupSend")}
            </Button>
          ),
        }}
      >
        <CardTitle>{t("tenancySetupLinks")}</CardTitle>
      </CardHeader>
      <CardBody>
        <Text className="pf-v5-u-mb-sm">{t("tenancySetupHelp")}</Text>
        {(error || links.error) && <Alert variant="danger" isInline isPlain title={error ?? links.error} />}
        {links.data?.length ? (
          <List isPlain isBordered data-testid="tenancy-setup-list">
            {links.data.map((l) => (
              <ListItem key={l.id} data-testid="tenancy-setup-link">
                <Label color={STATUS_COLOR[l.status]} className="pf-v5-u-mr-sm" data-testid="tenancy-setup-status">
                  {t(`tenancySetupStatus_${l.status}`)}
                </Label>
                <strong>{l.note || t("tenancySetupNoNote")}</strong>
                <div className="pf-v5-u-font-size-sm pf-v5-u-color-200">
                  {t("tenancySetupExpires", { at: formatTime(l.expiresAt) })}
                  {l.lastUsedAt ? ` · ${t("tenancySetupLastUsed", { at: formatTime(l.lastUsedAt) })}` : ""}
                </div>
                {l.status === "ACTIVE" && (
                  <Button variant="link" isDanger isInline data-testid="tenancy-setup-revoke" onClick={() => setRevoking(l)}>
                    {t("tenancySetupRevoke")}
                  </Button>
                )}
              </ListItem>
            ))}
          </List>
        ) : (
          !links.loading && <Text data-testid="tenancy-setup-none">{t("tenancySetupNone")}</Text>
        )}
      </CardBody>
      <Modal
        variant={ModalVariant.small}
        title={t("tenancySetupSend")}
        isOpen={creating}
        onClose={() => setCreating(false)}
        data-testid="tenancy-setup-create-modal"
        actions={[
          <Button key="create" data-testid="tenancy-setup-create" onClick={create}>
            {t("tenancySetupCreate")}
          </Button>,
          <Button key="cancel" variant="link" onClick={() => setCreating(false)}>
            {t("cancel")}
          </Button>,
        ]}
      >
        <Form onSubmit={(e) => { e.preventDefault(); void create(); }}>
          <FormGroup label={t("tenancySetupExpiry")} fieldId="tenancy-setup-expiry">
            <FormSelect
              id="tenancy-setup-expiry"
              data-testid="tenancy-setup-expiry"
              value={String(expiresIn)}
              onChange={(_e, v) => setExpiresIn(Number(v))}
            >
              {EXPIRIES.map((x) => (
                <FormSelectOption key={x.seconds} value={String(x.seconds)} label={t(x.key)} />
              ))}
            </FormSelect>
          </FormGroup>
          <FormGroup label={t("tenancySetupNote")} fieldId="tenancy-setup-note">
            <TextInput id="tenancy-setup-note" data-testid="tenancy-setup-note" value={note} maxLength={255} onChange={(_e, v) => setNote(v)} />
          </FormGroup>
        </Form>
      </Modal>
      <Modal
        variant={ModalVariant.small}
        title={t("tenancySetupRevokeTitle")}
        isOpen={revoking !== undefined}
        onClose={() => setRevoking(undefined)}
        actions={[
          <Button key="revoke" variant="danger" data-testid="tenancy-setup-revoke-confirm" onClick={() => revoking && revoke(revoking)}>
            {t("tenancySetupRevoke")}
          </Button>,
          <Button key="cancel" variant="link" onClick={() => setRevoking(undefined)}>
            {t("cancel")}
          </Button>,
        ]}
      >
        {t("tenancySetupRevokeMessage")}
      </Modal>
      <SecretOnceModal secret={url} titleKey="tenancySetupUrlTitle" helpKey="tenancySetupUrlHelp" onClose={() => setUrl(undefined)} />
    </Card>
  );
};
