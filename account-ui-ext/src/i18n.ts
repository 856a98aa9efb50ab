import { createInstance, type i18n as I18n } from "i18next";
import FetchBackend from "i18next-fetch-backend";
import { initReactI18next } from "react-i18next";
import { environment } from "./environment";

type KeyValue = { key: string; value: string };

/**
 * The console's messages: the realm's account theme bundle as Keycloak serves it (the stock
 * keycloak.v3 messages plus ours from theme/tenancy/account/messages), in the user's locale.
 */
export const i18n: I18n = createInstance({
  lng: environment.locale,
  fallbackLng: "en",
  nsSeparator: false,
  interpolation: { escapeValue: false },
  backend: {
    loadPath: `${environment.serverBaseUrl}/resources/${environment.realm}/account/{{lng}}`,
    parse: (data: string) =>
      Object.fromEntries((JSON.parse(data) as KeyValue[]).map(({ key, value }) => [key, value])),
  },
});

i18n.use(FetchBackend);
i18n.use(initReactI18next);
