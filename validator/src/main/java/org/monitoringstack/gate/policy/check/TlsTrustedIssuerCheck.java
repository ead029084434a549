package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.ParsedYaml.map;
import static org.monitoringstack.gate.policy.ParsedYaml.str;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;

/**
 * {@code tls.trusted-issuer} (SEC-4): every cert-manager Certificate names an issuer that exists
 * (an Issuer of its namespace or a ClusterIssuer in the render, or a cluster prerequisite listed
 * in param {@code prerequisites} as {@code ClusterIssuer/<name>} or {@code
 * Issuer/<namespace>/<name>}) and is trusted: not {@code selfSigned}, and not a {@code ca}
 * issuer whose CA Secret is written by a Certificate of an untrusted issuer (followed
 * transitively). Issuers of other groups (external issuers) must be prerequisites.
 */
final class TlsTrustedIssuerCheck extends Check {

  static final String GROUP = "cert-manager.io";

  TlsTrustedIssuerCheck() {
    super("tls.trusted-issuer", "SEC-4",
        "Certificates come from an existing issuer of a trusted CA, never a self-signed one.");
  }

  @Override
  protected void run(CheckContext context, List<Finding> out) {
    List<String> prerequisites = context.params().strings("prerequisites");
    for (Resource cert : context.ofKind(GROUP, "Certificate")) {
      Map<String, Object> ref = map(cert.at("spec.issuerRef").orElse(null));
      String kind = str(ref.get("kind")).isEmpty() ? "Issuer" : str(ref.get("kind"));
      String group = str(ref.get("group")).isEmpty() ? GROUP : str(ref.get("group"));
      String name = str(ref.get("name"));
      String display = kind + "/" + name;
      String key = kind.equals("ClusterIssuer") ? "ClusterIssuer/" + name
          : kind + "/" + cert.namespace() + "/" + name;
      Optional<Resource> issuer = group.equals(GROUP)
          ? issuer(context.resources(), kind, cert.namespace(), name) : Optional.empty();
      if (issuer.isEmpty()) {
        if (prerequisites.contains(key)) {
          continue;
        }
        out.add(context.finding(cert, "spec.issuerRef",
            "is issued by " + display
                + (group.equals(GROUP) ? "" : " (group " + group + ")")
                + ", which is neither in the render nor a cluster prerequisite: expected one of "
                + prerequisites + " or an Issuer/ClusterIssuer of the render, found " + key,
            "reference the platform's trusted ClusterIssuer, or add " + key
                + " to the profile's tls.trusted-issuer prerequisites if the cluster provides it"));
        continue;
      }
      untrusted(issuer.get(), context.resources(), new HashSet<>()).ifPresent(why ->
          out.add(context.finding(cert, "spec.issuerRef",
              "is issued by " + display + ", " + why
                  + ": expected an issuer of a trusted CA (ACME, Vault, or a CA issuer whose CA"
                  + " certificate comes from outside the cluster)",
              "issue from the organisation's trusted ClusterIssuer (a cluster prerequisite)"
                  + " instead of a self-signed chain")));
    }
  }

  static Optional<Resource> issuer(List<Resource> resources, String kind, String namespace,
      String name) {
    return resources.stream()
        .filter(r -> r.group().equals(GROUP) && r.is(kind) && r.name().equals(name))
        .filter(r -> kind.equals("ClusterIssuer") || r.namespace().equals(namespace))
        .findFirst();
  }

  /** Why the issuer is untrusted, empty when it is trusted. */
  private static Optional<String> untrusted(Resource issuer, List<Resource> resources,
      Set<String> visited) {
    String display = StackComponents.display(issuer);
    if (!visited.add(issuer.ref().toString())) {
      return Optional.empty();
    }
    if (issuer.at("spec.selfSigned").isPresent()) {
      return Optional.of(visited.size() == 1 ? "a selfSigned issuer"
          : "which chains to the selfSigned " + display);
    }
    String caSecret = str(issuer.at("spec.ca.secretName").orElse(null));
    if (caSecret.isEmpty()) {
      return Optional.empty();
    }
    for (Resource cert : resources) {
      if (!cert.is("Certificate") || !cert.group().equals(GROUP)
          || !str(cert.at("spec.secretName").orElse(null)).equals(caSecret)
          || !(issuer.is("ClusterIssuer") || cert.namespace().equals(issuer.namespace()))) {
        continue;
      }
      Map<String, Object> ref = map(cert.at("spec.issuerRef").orElse(null));
      String kind = str(ref.get("kind")).isEmpty() ? "Issuer" : str(ref.get("kind"));
      Optional<Resource> parent = issuer(resources, kind, cert.namespace(),
          str(ref.get("name")));
      if (parent.isPresent()) {
        Optional<String> why = untrusted(parent.get(), resources, visited);
        if (why.isPresent()) {
          return Optional.of("a CA issuer whose CA certificate "
              + StackComponents.display(cert) + " comes from the selfSigned "
              + lastSelfSigned(why.get(), parent.get()));
        }
      }
    }
    return Optional.empty();
  }

  private static String lastSelfSigned(String why, Resource parent) {
    int at = why.indexOf("selfSigned ");
    if (why.equals("a selfSigned issuer")) {
      return StackComponents.display(parent);
    }
    return at >= 0 ? why.substring(at + "selfSigned ".length()) : StackComponents.display(parent);
  }
}
