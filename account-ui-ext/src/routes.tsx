import { Header, routes as stockRoutes } from "@keycloak/keycloak-account-ui";
import { Page, Spinner } from "@patternfly/react-core";
import { Suspense } from "react";
import { Outlet, type RouteObject } from "react-router-dom";
import { TenancyAccessProvider } from "./access";
import { environment } from "./environment";
import { PageNav } from "./PageNav";
import { AccessApprovals } from "./pages/AccessApprovals";
import { AccessReviews } from "./pages/AccessReviews";
import { OrganizationAccess } from "./pages/OrganizationAccess";

function Root() {
  return (
    <TenancyAccessProvider>
      <Page header={<Header />} sidebar={<PageNav />} isManagedSidebar>
        <Suspense fallback={<Spinner />}>
          <Outlet />
        </Suspense>
      </Page>
    </TenancyAccessProvider>
  );
}

/** The stock account console's pages plus ours, under the console's base path. */
export const routes: RouteObject[] = [
  {
    path: decodeURIComponent(new URL(environment.baseUrl).pathname),
    element: <Root />,
    children: [
      ...stockRoutes,
      { path: "organization-access", element: <OrganizationAccess /> },
      { path: "access-reviews", element: <AccessReviews /> },
      { path: "access-approvals", element: <AccessApprovals /> },
    ],
  },
];
