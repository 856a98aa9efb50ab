import {
  Children,
  type ComponentType,
  type PropsWithChildren,
  type ReactNode,
} from "react";
import { useTranslation } from "react-i18next";
import { useHref, useParams } from "react-router-dom";
import { useRealm } from "@keycloak/keycloak-admin-ui";
import { RolesTab } from "./RolesTab";
import { ScimTab } from "./ScimTab";
import { governanceTabs } from "./governance/GovernanceTabs";

type AnyComponent = ComponentType<any>;

const cache = new WeakMap<AnyComponent, AnyComponent>();

/**
 * The organization detail page's tab bar with our tabs appended. The stock page passes its own
 * RoutableTabs, Tab and TabTitleText (see vite-plugin-tenancy.ts), so our tabs are ordinary tabs
 * of the stock bar: same routing (/:realm/organizations/:id/scim|roles), same look.
 */
export function withTenancyTabs(
  RoutableTabs: AnyComponent,
  Tab: AnyComponent,
  TabTitleText: AnyComponent,
): AnyComponent {
  let wrapped = cache.get(RoutableTabs);
  if (!wrapped) {
    wrapped = function TenancyOrganizationTabs({
      children,
      ...props
    }: PropsWithChildren<Record<string, unknown>>) {
      const { t } = useTranslation();
      const { realm } = useRealm();
      const { id = "" } = useParams();
      const tabPath = (tab: string) =>
        `/${encodeURIComponent(realm)}/organizations/${encodeURIComponent(id)}/${tab}`;
      const scimHref = useHref(tabPath("scim"));
      const rolesHref = useHref(tabPath("roles"));
      const ours: ReactNode[] = [
        <Tab
          key="tenancy-scim"
          id="tenancy-scim"
          data-testid="tenancy-scim-tab"
          eventKey={tabPath("scim")}
          href={scimHref}
          title={<TabTitleText>{t("tenancyScimTab")}</TabTitleText>}
        >
          <ScimTab orgId={id} />
        </Tab>,
        <Tab
          key="tenancy-roles"
          id="tenancy-roles"
          data-testid="tenancy-roles-tab"
          eventKey={tabPath("roles")}
          href={rolesHref}
          title={<TabTitleText>{t("tenancyRolesTab")}</TabTitleText>}
        >
          <RolesTab orgId={id} />
        </Tab>,
        ...governanceTabs({ Tab, TabTitleText, tabPath, orgId: id }),
      ];
      return (
        <RoutableTabs {...props}>
          {[...Children.toArray(children), ...ours]}
        </RoutableTabs>
      );
    };
    cache.set(RoutableTabs, wrapped);
  }
  return wrapped;
}
