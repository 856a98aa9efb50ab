import {
  getInjectedEnvironment,
  type BaseEnvironment,
} from "@keycloak/keycloak-ui-shared";

/** What Keycloak injects into index.ftl's #environment script (see the stock admin theme). */
export type Environment = BaseEnvironment & {
  adminBaseUrl: string;
  consoleBaseUrl: string;
  masterRealm: string;
  resourceVersion: string;
};

export const environment = getInjectedEnvironment<Environment>();

export function joinPath(...parts: string[]): string {
  return parts
    .map((p, i) => {
      let s = p;
      if (i > 0) s = s.replace(/^\/+/, "");
      if (i < parts.length - 1) s = s.replace(/\/+$/, "");
      return s;
    })
    .join("/");
}
