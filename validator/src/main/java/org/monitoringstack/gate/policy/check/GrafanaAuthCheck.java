package org.monitoringstack.gate.policy.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.ParsedYaml;

/**
 * The Grafana authentication checks (SEC-1, SEC-2, CL-8): one class, four checks, each judging
 * the settings of every Grafana workload of the render as {@link GrafanaSettings} reads them (env
 * over grafana.ini) with its own rule.
 */
final class GrafanaAuthCheck extends Check {

  /** The external identity providers Grafana supports, by their enable setting. */
  static final List<String> EXTERNAL = List.of(
      "GF_AUTH_GENERIC_OAUTH_ENABLED", "GF_AUTH_LDAP_ENABLED", "GF_AUTH_SAML_ENABLED",
      "GF_AUTH_GOOGLE_ENABLED", "GF_AUTH_GITHUB_ENABLED", "GF_AUTH_GITLAB_ENABLED",
      "GF_AUTH_OKTA_ENABLED", "GF_AUTH_AZUREAD_ENABLED");

  private final BiFunction<CheckContext, GrafanaSettings, Optional<Finding>> rule;

  private GrafanaAuthCheck(String id, String requirement, String description,
      BiFunction<CheckContext, GrafanaSettings, Optional<Finding>> rule) {
    super(id, requirement, description);
    this.rule = rule;
  }

  static GrafanaAuthCheck external() {
    return new GrafanaAuthCheck("auth.grafana-external", "SEC-2",
        "Grafana authenticates users against LDAP/AD, OAuth/OIDC or SAML.",
        GrafanaAuthCheck::externalFinding);
  }

  static GrafanaAuthCheck passwordPolicy() {
    return new GrafanaAuthCheck("auth.grafana-password-policy", "SEC-1",
        "Grafana enforces its password policy, or local password logins are off.",
        GrafanaAuthCheck::passwordPolicyFinding);
  }

  static GrafanaAuthCheck anonymous() {
    return new GrafanaAuthCheck("auth.grafana-anonymous", "SEC-1",
        "Grafana does not allow anonymous access.", GrafanaAuthCheck::anonymousFinding);
  }

  static GrafanaAuthCheck adminSecret() {
    return new GrafanaAuthCheck("auth.grafana-admin-secret", "SEC-1",
        "Grafana's admin password comes from a Secret or file, never a literal.",
        GrafanaAuthCheck::adminSecretFinding);
  }

  @Override
  protected void run(CheckContext context, List<Finding> out) {
    StackComponents.grafanas(context.resources()).forEach(w ->
        rule.apply(context, GrafanaSettings.of(w, context.resources())).ifPresent(out::add));
  }

  private static Optional<Finding> externalFinding(CheckContext context, GrafanaSettings g) {
    if (g.isTrue("GF_AUTH_GENERIC_OAUTH_ENABLED")) {
      List<String> problems = oauthProblems(g);
      if (!problems.isEmpty()) {
        return Optional.of(g.finding(context, g.get("GF_AUTH_GENERIC_OAUTH_ENABLED"),
            " enables generic OAuth without a usable client: expected"
                + " GF_AUTH_GENERIC_OAUTH_CLIENT_ID, https AUTH_URL and TOKEN_URL, the client"
                + " secret from a Secret or file and no TLS_SKIP_VERIFY_INSECURE, found "
                + String.join(", ", problems),
            "complete the OIDC client settings (grafana-auth component); take CLIENT_ID and"
                + " CLIENT_SECRET from the secret store via secretKeyRef"));
      }
      return Optional.empty();
    }
    if (EXTERNAL.stream().anyMatch(g::isTrue)) {
      return Optional.empty();
    }
    return Optional.of(g.finding(context, Optional.empty(),
        " has no external authentication: expected one of " + EXTERNAL
            + " = true (env or grafana.ini), found none enabled",
        "enable generic OAuth/OIDC (GF_AUTH_GENERIC_OAUTH_ENABLED=true with client id, URLs"
            + " and the client secret from a Secret), LDAP or SAML, e.g. with the grafana-auth"
            + " component"));
  }

  private static List<String> oauthProblems(GrafanaSettings g) {
    List<String> problems = new ArrayList<>();
    String prefix = "GF_AUTH_GENERIC_OAUTH_";
    if (g.get(prefix + "CLIENT_ID").isEmpty()) {
      problems.add("no CLIENT_ID");
    }
    for (String url : List.of("AUTH_URL", "TOKEN_URL")) {
      var setting = g.get(prefix + url);
      if (setting.isEmpty()) {
        problems.add("no " + url);
      } else if (setting.get().value() != null
          && !setting.get().value().trim().toLowerCase(Locale.ROOT)
              .startsWith("https://")) {
        problems.add(url + " " + setting.get().value());
      }
    }
    g.get(prefix + "CLIENT_SECRET")
        .filter(s -> s.origin().equals("env") || s.origin().equals("grafana.ini")
            || s.origin().equals("envFrom"))
        .ifPresent(s -> problems.add("CLIENT_SECRET as a literal (" + s.origin() + ")"));
    if (g.isTrue(prefix + "TLS_SKIP_VERIFY_INSECURE")) {
      problems.add("TLS_SKIP_VERIFY_INSECURE=true");
    }
    return problems;
  }

  private static Optional<Finding> passwordPolicyFinding(CheckContext context, GrafanaSettings g) {
    if (g.isTrue("GF_AUTH_BASIC_PASSWORD_POLICY")) {
      return Optional.empty();
    }
    boolean basicOff = g.get("GF_AUTH_BASIC_ENABLED").map(GrafanaSettings.Setting::value)
        .filter(ParsedYaml::isFalse).isPresent();
    boolean formOff = g.isTrue("GF_AUTH_DISABLE_LOGIN_FORM");
    if (basicOff && formOff) {
      return Optional.empty();
    }
    var policy = g.get("GF_AUTH_BASIC_PASSWORD_POLICY");
    return Optional.of(g.finding(context, policy,
        " accepts local passwords without a password policy: expected"
            + " GF_AUTH_BASIC_PASSWORD_POLICY=true, or both GF_AUTH_BASIC_ENABLED=false and"
            + " GF_AUTH_DISABLE_LOGIN_FORM=true, found "
            + policy.map(GrafanaSettings.Setting::display)
                .orElse("GF_AUTH_BASIC_PASSWORD_POLICY unset")
            + (basicOff ? ", basic auth off" : "") + (formOff ? ", login form off" : ""),
        "set GF_AUTH_BASIC_PASSWORD_POLICY=true (Grafana then requires 12+ characters with"
            + " upper, lower, digit and symbol)"));
  }

  private static Optional<Finding> anonymousFinding(CheckContext context, GrafanaSettings g) {
    var anonymous = g.get("GF_AUTH_ANONYMOUS_ENABLED");
    if (!g.isTrue("GF_AUTH_ANONYMOUS_ENABLED")) {
      return Optional.empty();
    }
    return Optional.of(g.finding(context, anonymous, " allows anonymous access: expected"
        + " GF_AUTH_ANONYMOUS_ENABLED unset or false, found " + anonymous.get().display(),
        "remove GF_AUTH_ANONYMOUS_ENABLED (or set it to false); give viewers accounts through"
            + " the external identity provider"));
  }

  private static Optional<Finding> adminSecretFinding(CheckContext context, GrafanaSettings g) {
    if (g.isTrue("GF_SECURITY_DISABLE_INITIAL_ADMIN_CREATION")) {
      return Optional.empty();
    }
    if (g.get("GF_SECURITY_ADMIN_PASSWORD").isEmpty()) {
      return Optional.of(g.finding(context, Optional.empty(),
          " has no admin password setting, so Grafana creates admin/admin:"
              + " expected GF_SECURITY_ADMIN_PASSWORD from a secretKeyRef or"
              + " GF_SECURITY_ADMIN_PASSWORD__FILE, found neither",
          "add env GF_SECURITY_ADMIN_PASSWORD with valueFrom.secretKeyRef to the admin"
              + " credentials Secret (from the secret store in production)"));
    }
    // a literal is in git even where a later definition overrides it
    var literal = g.all("GF_SECURITY_ADMIN_PASSWORD").stream()
        .filter(d -> !List.of("secretKeyRef", "secretRef", "file").contains(d.origin()))
        .findFirst();
    if (literal.isEmpty()) {
      return Optional.empty();
    }
    String origin = switch (literal.get().origin()) {
      case "env" -> "a literal env value";
      case "grafana.ini" -> "a literal admin_password in grafana.ini";
      case "configMapKeyRef" -> "a ConfigMap key";
      default -> "a ConfigMap (envFrom)";
    };
    return Optional.of(g.finding(context, literal, " takes its admin password from " + origin
        + ": expected GF_SECURITY_ADMIN_PASSWORD from a secretKeyRef or"
        + " GF_SECURITY_ADMIN_PASSWORD__FILE, found GF_SECURITY_ADMIN_PASSWORD in " + origin,
        "move the password into a Secret and reference it with valueFrom.secretKeyRef;"
            + " rotate the exposed password"));
  }
}
