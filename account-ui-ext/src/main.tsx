import "@patternfly/patternfly/patternfly-addons.css";
// PatternFly's global tokens (--pf-v5-global--*), which every component rule reads.
import "@patternfly/react-core/dist/styles/base.css";
// The package's stylesheet (PatternFly and the stock pages) is not in its "exports": imported by path.
import "../node_modules/@keycloak/keycloak-account-ui/lib/keycloak-account-ui.css";

import { KeycloakProvider } from "@keycloak/keycloak-account-ui";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createBrowserRouter, RouterProvider } from "react-router-dom";
import { environment } from "./environment";
import { i18n } from "./i18n";
import { routes } from "./routes";

await i18n.init();

const router = createBrowserRouter(routes);

createRoot(document.getElementById("app")!).render(
  <StrictMode>
    <KeycloakProvider environment={environment}>
      <RouterProvider router={router} />
    </KeycloakProvider>
  </StrictMode>,
);
