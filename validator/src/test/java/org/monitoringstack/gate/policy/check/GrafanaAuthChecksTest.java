package org.monitoringstack.gate.policy.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.monitoringstack.gate.policy.Check;

class GrafanaAuthChecksTest {

  private static Check check(String id) {
    return CoreChecksTest.CHECKS.stream().filter(c -> c.id().equals(id)).findFirst()
        .orElseThrow();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"auth.grafana-external", "auth.grafana-password-policy",
      "auth.grafana-anonymous", "auth.grafana-admin-secret"})
  void passes_for_oidc_secrets_and_password_policy(String id) {
    assertEquals(List.of(), CheckFixtures.reported(check(id), "pass", Map.of()));
  }

  @Test
  void external_reports_providers_turned_off_by_env_over_grafana_ini() {
    assertEquals(List.of("Deployment/grafana: Grafana has no external authentication:"
        + " expected one of [GF_AUTH_GENERIC_OAUTH_ENABLED, GF_AUTH_LDAP_ENABLED,"
        + " GF_AUTH_SAML_ENABLED, GF_AUTH_GOOGLE_ENABLED, GF_AUTH_GITHUB_ENABLED,"
        + " GF_AUTH_GITLAB_ENABLED, GF_AUTH_OKTA_ENABLED, GF_AUTH_AZUREAD_ENABLED] = true (env or"
        + " grafana.ini), found none enabled"),
        CheckFixtures.reported(check("auth.grafana-external"), "fail", Map.of()));
  }

  @Test
  void external_reports_an_incomplete_generic_oauth_client() {
    assertEquals(List.of("Deployment/grafana: Grafana enables generic OAuth without a usable"
        + " client: expected GF_AUTH_GENERIC_OAUTH_CLIENT_ID, https AUTH_URL and TOKEN_URL, the"
        + " client secret from a Secret or file and no TLS_SKIP_VERIFY_INSECURE, found no"
        + " CLIENT_ID, AUTH_URL http://sso.example.com/authorize, no TOKEN_URL, CLIENT_SECRET as"
        + " a literal (env), TLS_SKIP_VERIFY_INSECURE=true"),
        CheckFixtures.reported(check("auth.grafana-external"), "oauth-incomplete", Map.of()));
  }

  @Test
  void password_policy_reports_a_hidden_form_with_basic_auth_still_on() {
    assertEquals(List.of("ConfigMap/grafana-config: Grafana (Deployment/grafana) accepts local"
        + " passwords without a"
        + " password policy: expected GF_AUTH_BASIC_PASSWORD_POLICY=true, or both"
        + " GF_AUTH_BASIC_ENABLED=false and GF_AUTH_DISABLE_LOGIN_FORM=true, found"
        + " GF_AUTH_BASIC_PASSWORD_POLICY=false (grafana.ini), login form off"),
        CheckFixtures.reported(check("auth.grafana-password-policy"), "fail", Map.of()));
  }

  @Test
  void anonymous_reports_env_from_and_projected_grafana_ini() {
    String expected = " allows anonymous access: expected GF_AUTH_ANONYMOUS_ENABLED unset or"
        + " false, found ";
    assertEquals(List.of(
        "Deployment/grafana: Grafana" + expected + "GF_AUTH_ANONYMOUS_ENABLED=True (envFrom)",
        "ConfigMap/grafana-b-config: Grafana (StatefulSet/grafana-b)" + expected
            + "GF_AUTH_ANONYMOUS_ENABLED=true (grafana.ini)"),
        CheckFixtures.reported(check("auth.grafana-anonymous"), "fail", Map.of()));
  }

  @Test
  void admin_secret_reports_literals_and_the_default_password() {
    String expected = ": expected GF_SECURITY_ADMIN_PASSWORD from a secretKeyRef or"
        + " GF_SECURITY_ADMIN_PASSWORD__FILE, found ";
    assertEquals(List.of(
        "Deployment/grafana-literal: Grafana takes its admin password from a literal env"
            + " value" + expected + "GF_SECURITY_ADMIN_PASSWORD in a literal env value",
        "Deployment/grafana-default: Grafana has no admin password setting, so Grafana"
            + " creates admin/admin" + expected + "neither",
        "ConfigMap/grafana-ini: Grafana (Deployment/grafana-ini) takes its admin password from"
            + " a literal"
            + " admin_password in grafana.ini" + expected
            + "GF_SECURITY_ADMIN_PASSWORD in a literal admin_password in grafana.ini",
        "Deployment/grafana-overridden: Grafana takes its admin password from a literal env"
            + " value" + expected + "GF_SECURITY_ADMIN_PASSWORD in a literal env value"),
        CheckFixtures.reported(check("auth.grafana-admin-secret"), "fail", Map.of()));
  }
}
