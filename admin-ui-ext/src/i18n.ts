import { createInstance, type i18n as I18n } from "i18next";
import FetchBackend from "i18next-fetch-backend";
import { initReactI18next } from "react-i18next";
import { environment, joinPath } from "./environment";

type KeyValue = { key: string; value: string };

/**
 * The console's messages: the theme's message bundle served by Keycloak for the login realm
 * (stock messages of the parent theme plus ours from theme/tenancy/admin/messages).
 */
export const i18n: I18n = createInstance({
  fallbackLng: "en",
  keySeparator: ".",
  nsSeparator: false,
  interpolation: { escapeValue: false },
  defaultNS: [environment.realm],
  ns: [environment.realm],
  backend: {
    loadPath: joinPath(environment.adminBaseUrl, "resources/{{ns}}/admin/{{lng}}"),
    parse: (data: string) =>
      Object.fromEntries(
        (JSON.parse(data) as KeyValue[]).map(({ key, value }) => [key, value]),
      ),
  },
});

i18n.use(FetchBackend);
i18n.use(initReactI18next);
