package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.ParsedYaml.map;

import java.util.List;
import java.util.regex.Pattern;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;

/**
 * {@code security.no-plaintext-secrets}: no Secret in the render carries {@code data} or
 * {@code stringData}, so no credential is committed to git. Exceptions through parameters:
 * {@code allowed} (Secret names, * as wildcard) and {@code allowGenerated} (Secrets made by a
 * kustomize secretGenerator: a hash-suffixed name or a kustomization file as source). Every name
 * in {@code requireExternalSecret} must be produced by an ExternalSecret (external-secrets.io).
 */
final class NoPlaintextSecretsCheck extends Check {

  /** kustomize's name hash: 10 characters of its vowel-free alphabet. */
  private static final Pattern HASH_SUFFIX = Pattern.compile(".*-[2456789bcdfghkmt]{10}$");

  NoPlaintextSecretsCheck() {
    super("security.no-plaintext-secrets", "",
        "No Secret with data is committed; production Secrets come from ExternalSecrets.");
  }

  @Override
  protected void run(CheckContext ctx, List<Finding> out) {
    List<String> allowed = ctx.params().strings("allowed");
    boolean allowGenerated = ctx.params().bool("allowGenerated", false);
    for (Resource s : ctx.ofKind("Secret")) {
      int keys = map(s.at("data").orElse(null)).size()
          + map(s.at("stringData").orElse(null)).size();
      if (keys == 0) {
        continue;
      }
      boolean isAllowed = allowed.stream().anyMatch(g -> glob(g, s.name()))
          || (allowGenerated && generated(s));
      if (!isAllowed) {
        String field = s.at("stringData").isPresent() ? "stringData" : "data";
        out.add(ctx.finding(s, field, "carries " + keys + " key"
            + (keys == 1 ? "" : "s") + " of " + field + " in the repository; expected no "
            + "plaintext Secret, only Secrets produced from the secret store",
            "replace it with an ExternalSecret (external-secrets.io) that fetches the values"));
      }
    }
    for (String name : ctx.params().strings("requireExternalSecret")) {
      boolean produced = ctx.ofKind("external-secrets.io", "ExternalSecret").stream().anyMatch(r ->
          name.equals(r.at("spec.target.name").map(String::valueOf).orElse(r.name())));
      if (!produced) {
        out.add(ctx.targetFinding("no ExternalSecret in the render produces Secret " + name
            + "; expected one (external-secrets.io) so its content comes from the secret store",
            "add an ExternalSecret with spec.target.name: " + name));
      }
    }
  }

  private static boolean generated(Resource s) {
    String file = s.source().file();
    return HASH_SUFFIX.matcher(s.name()).matches() || file.endsWith("kustomization.yaml")
        || file.endsWith("kustomization.yml");
  }

  private static boolean glob(String glob, String name) {
    return Pattern.compile(("\\Q" + glob + "\\E").replace("*", "\\E.*\\Q")).matcher(name)
        .matches();
  }
}
