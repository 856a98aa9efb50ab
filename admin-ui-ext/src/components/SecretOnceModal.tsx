import {
  Alert,
  Button,
  ClipboardCopy,
  Modal,
  ModalVariant,
  Text,
} from "@patternfly/react-core";
import { useTranslation } from "react-i18next";

type Props = {
  /** The secret to show; the modal is open while it is set. */
  secret?: string;
  titleKey: string;
  /** Where the secret goes; one sentence. */
  helpKey: string;
  onClose: () => void;
};

/** Shows a newly generated secret exactly once, with a copy button and a warning. */
export const SecretOnceModal = ({ secret, titleKey, helpKey, onClose }: Props) => {
  const { t } = useTranslation();
  return (
    <Modal
      variant={ModalVariant.medium}
      title={t(titleKey)}
      isOpen={secret !== undefined}
      onClose={onClose}
      data-testid="tenancy-secret-modal"
      actions={[
        <Button key="close" data-testid="tenancy-secret-close" onClick={onClose}>
          {t("tenancySecretCopied")}
        </Button>,
      ]}
    >
      <Alert
        variant="warning"
        isInline
        title={t("tenancySecretShownOnce")}
        className="pf-v5-u-mb-md"
      />
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
