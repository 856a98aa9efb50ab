import type { AccountEnvironment } from "@keycloak/keycloak-account-ui";
import { getInjectedEnvironment } from "@keycloak/keycloak-ui-shared";

/** What Keycloak injects into keycloak.v3's index.ftl (#environment). */
export const environment = getInjectedEnvironment<AccountEnvironment>();
