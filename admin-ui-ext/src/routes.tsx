import { routes } from "@keycloak/keycloak-admin-ui";
import { lazy } from "react";

const ProvisioningPage = lazy(() => import("./provisioning/ProvisioningPage"));

/** Our page, added to the stock route table (the stock navigation finds it there too). */
export const ProvisioningRoute = {
  path: "/:realm/provisioning",
  element: <ProvisioningPage />,
  handle: {
    access: "view-realm",
    breadcrumb: (t: (key: string) => string) => t("tenancyProvisioning"),
  },
} as (typeof routes)[number];

/**
 * The stock routes plus ours, in the very array the stock navigation reads (it looks routes up to
 * decide which links the signed-in administrator may see). The catch-all stays last.
 */
export function tenancyRoutes() {
  if (!routes.includes(ProvisioningRoute)) {
    const notFound = routes.findIndex((r) => r.path === "*");
    routes.splice(notFound < 0 ? routes.length : notFound, 0, ProvisioningRoute);
  }
  return routes;
}
