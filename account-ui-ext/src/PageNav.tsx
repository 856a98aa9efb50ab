import { useEnvironment, type AccountEnvironment } from "@keycloak/keycloak-account-ui";
import { Nav, NavExpandable, NavItem, NavList, PageSidebar, PageSidebarBody } from "@patternfly/react-core";
import { useEffect, useState, type MouseEvent as ReactMouseEvent, type PropsWithChildren } from "react";
import { useTranslation } from "react-i18next";
import { matchPath, useHref, useLinkClickHandler, useLocation } from "react-router-dom";
import { relevantPages, useTenancyAccess } from "./access";

type Feature = keyof AccountEnvironment["features"];
type MenuItem =
  | { label: string; path: string; isVisible?: Feature }
  | { label: string; children: MenuItem[]; isVisible?: Feature };

/** Our pages, each shown only to whom it concerns (see relevantPages). */
export const TENANCY_PAGES = [
  { label: "tenancyOrganizationAccess", path: "organization-access", relevance: "organizationAccess" },
  { label: "tenancyAccessReviews", path: "access-reviews", relevance: "accessReviews" },
  { label: "tenancyAccessApprovals", path: "access-approvals", relevance: "accessApprovals" },
] as const;

const fullPath = (baseUrl: string, path: string) => `${new URL(baseUrl).pathname}${path}`;

function NavLink({ path, isActive, children }: PropsWithChildren<{ path: string; isActive: boolean }>) {
  const { environment } = useEnvironment<AccountEnvironment>();
  const to = fullPath(environment.baseUrl, path) + location.search;
  const href = useHref(to);
  const onClick = useLinkClickHandler(to);
  return (
    <NavItem
      data-testid={path}
      to={href}
      isActive={isActive}
      onClick={(e) => onClick(e as unknown as ReactMouseEvent<HTMLAnchorElement, MouseEvent>)}
    >
      {children}
    </NavItem>
  );
}

/**
 * The stock navigation (the theme's content.json, filtered by the realm's features, as
 * keycloak.v3's own PageNav does) followed by the Tenancy pages that concern the user.
 */
export function PageNav() {
  const { t } = useTranslation();
  const { environment } = useEnvironment<AccountEnvironment>();
  const { pathname } = useLocation();
  const access = useTenancyAccess();
  const [menu, setMenu] = useState<MenuItem[]>([]);

  useEffect(() => {
    fetch(`${environment.resourceUrl}/content.json`)
      .then((r) => r.json())
      .then(setMenu)
      .catch(() => setMenu([]));
  }, [environment.resourceUrl]);

  const visible = (i: MenuItem) => !i.isVisible || environment.features[i.isVisible];
  const active = (i: MenuItem): boolean =>
    "path" in i ? !!matchPath(fullPath(environment.baseUrl, i.path), pathname) : i.children.some(active);
  const render = (i: MenuItem) =>
    "path" in i ? (
      <NavLink key={i.label} path={i.path} isActive={active(i)}>
        {t(i.label)}
      </NavLink>
    ) : (
      <NavExpandable key={i.label} data-testid={i.label} title={t(i.label)} isActive={active(i)} isExpanded={active(i)}>
        {i.children.filter(visible).map(render)}
      </NavExpandable>
    );
  const relevant = relevantPages(access);

  return (
    <PageSidebar>
      <PageSidebarBody>
        <Nav>
          <NavList>
            {menu.filter(visible).map(render)}
            {TENANCY_PAGES.filter((p) => relevant[p.relevance]).map((p) =>
              render({ label: p.label, path: p.path }),
            )}
          </NavList>
        </Nav>
      </PageSidebarBody>
    </PageSidebar>
  );
}
