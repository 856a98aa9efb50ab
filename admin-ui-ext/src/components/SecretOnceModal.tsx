import {
  Alert,
  Button,
  ClipboardCopy,
  Modal,
  ModalVariant,
  Text,
} from "@patternfly/react-core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

type Props = {
  /** The secret to show; the modal is open while it is set. */
  secret?: string;
  titleKey: string;
  /** Where the secret goes; one sentence. */
  helpKey: string;
  onClose: () => void;
};

/**
 * Shows a newly generated secret exactly once, with a copy button and a warning. Only the explicit
 * "I have copied it" button closes it at once; Escape or the close icon first ask for confirmation
 * (the modal has no backdrop click), so a stray key press never loses the secret.
 */
export const SecretOnceModal = ({ secret, titleKey, helpKey, onClose }: Props) => {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  useEffect(() => setConfirming(false), [secret]);
  const ask = () => setConfirming(true);
  return (
    <Modal
      variant={ModalVariant.medium}
      title={t(titleKey)}
      isOpen={secret !== undefined}
      onClose={ask}
      onEscapePress={ask}
      data-testid="tenancy-secret-modal"
      actions={
        confirming
          ? [
              <Button key="discard" variant="danger" data-testid="tenancy-secret-discard" onClick={onClose}>
                {t("tenancySecretCloseAnyway")}
              </Button>,
              <Button key="back" variant="link" data-testid="tenancy-secret-back" onClick={() => setConfirming(false)}>
                {t("tenancySecretBack")}
              </Button>,
            ]
          : [
              <Button key="close" data-testid="tenancy-secret-close" onClick={onClose}>
                {t("tenancySecretCopied")}
              </Button>,
            ]
      }
    >
      <Alert
        variant="warning"
        isInline
        title={t("tenancySecretShownOnce")}
        className="pf-v5-u-mb-md"
      />
      {confirming && (
        <Alert
          variant="danger"
          isInline
          title={t("tenancySecretCloseConfirm")}
          className="pf-v5-u-mb-md"
          data-testid="tenancy-secret-confirm"
        />
      )}
      <Text className="pf-v5-u-mb-sm">{t(helpKey)}</Text>
      <ClipboardCopy
        isReadOnly
        hoverTip={t("copy")}
        clickTip={t("copied")}
        data-testid="tenancy-secret-value"
      >
        {secret ?? ""}
      </ClipboardCopy>
    </Modal>
  );
};
