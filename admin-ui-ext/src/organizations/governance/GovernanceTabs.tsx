import { type ComponentType, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useHref } from "react-router-dom";
import { AccessRulesTab } from "./AccessRulesTab";
import { AuditTab } from "./AuditTab";
import { RequestsTab } from "./RequestsTab";
import { ReviewsTab } from "./ReviewsTab";

type AnyComponent = ComponentType<any>;

type Props = { Tab: AnyComponent; TabTitleText: AnyComponent; tabPath: (tab: string) => string; orgId: string };

const TABS = [
  { key: "access-rules", label: "tenancyAccessRulesTab", fallback: "Access rules", Body: AccessRulesTab },
  { key: "reviews", label: "tenancyReviewsTab", fallback: "Reviews", Body: ReviewsTab },
  { key: "requests", label: "tenancyRequestsTab", fallback: "Requests", Body: RequestsTab },
  { key: "audit", label: "tenancyAuditTab", fallback: "Audit", Body: AuditTab },
] as const;

/** The governance tabs of the organization page (called while rendering the tab bar, so hooks run in a stable order). */
export function governanceTabs({ Tab, TabTitleText, tabPath, orgId }: Props): ReactNode[] {
  // eslint-disable-next-line react-hooks/rules-of-hooks
  const { t } = useTranslation();
  return TABS.map(({ key, label, fallback, Body }) => {
    // eslint-disable-next-line react-hooks/rules-of-hooks
    const href = useHref(tabPath(key));
    return (
      <Tab key={`tenancy-${key}`} id={`tenancy-${key}`} data-testid={`tenancy-${key}-tab`} eventKey={tabPath(key)} href={href}
        title={<TabTitleText>{t(label, fallback)}</TabTitleText>}>
        <Body orgId={orgId} />
      </Tab>
    );
  });
}
