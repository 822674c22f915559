import { describe, expect, test } from "vitest";
import { ConfigError } from "~/env.server";
import { legalSettings } from "~/legal.server";

describe("the deployment's legal settings", () => {
  test("unset, the deployment is a demonstration and keeps registration emails 30 days", () => {
    expect(legalSettings({})).toMatchObject({ configured: false, publisher: null, controller: null, registrationEmailDays: 30 });
  });

  test("set, the pages show them; the controller defaults to the publisher", () => {
    const s = legalSettings({
      LEGAL_PUBLISHER: "Commune de Saint-Exemple",
      LEGAL_CONTACT_EMAIL: "dpo@saint-exemple.fr",
      LEGAL_HOST: "Hébergeur SAS, 1 rue des Serveurs, 75000 Paris",
      REGISTRATION_EMAIL_RETENTION_DAYS: "7",
    });
    expect(s).toMatchObject({ configured: true, publisher: "Commune de Saint-Exemple", controller: "Commune de Saint-Exemple", registrationEmailDays: 7 });
    expect(legalSettings({ LEGAL_PUBLISHER: "Commune", LEGAL_CONTACT_EMAIL: "a@b.fr", PRIVACY_CONTROLLER: "Métropole" }).controller).toBe("Métropole");
  });

  test("a bad value stops start-up with a message naming the setting", () => {
    expect(() => legalSettings({ LEGAL_CONTACT_EMAIL: "pas-une-adresse" })).toThrow(ConfigError);
    expect(() => legalSettings({ LEGAL_CONTACT_EMAIL: "pas-une-adresse" })).toThrow(/^LEGAL_CONTACT_EMAIL/);
    expect(() => legalSettings({ REGISTRATION_EMAIL_RETENTION_DAYS: "-1" })).toThrow(/^REGISTRATION_EMAIL_RETENTION_DAYS/);
  });
});
