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
      untrusted(issuer.get(), context.resources()).ifPresent(why ->
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
  private static Optional<String> untrusted(Resource issuer, List<Resource> resources) {
    if (issuer.at("spec.selfSigned").isPresent()) {
      return Optional.of("a selfSigned issuer");
    }
    Set<String> visited = new HashSet<>(Set.of(issuer.ref().toString()));
    for (Resource cert : caCertificates(issuer, resources)) {
      Optional<Resource> root = issuerOf(cert, resources)
          .flatMap(parent -> selfSignedRoot(parent, resources, visited));
      if (root.isPresent()) {
        return Optional.of("a CA issuer whose CA certificate " + StackComponents.display(cert)
            + " comes from the selfSigned " + StackComponents.display(root.get()));
      }
    }
    return Optional.empty();
  }

  /** The selfSigned issuer the issuer's CA chain starts from, followed transitively. */
  private static Optional<Resource> selfSignedRoot(Resource issuer, List<Resource> resources,
      Set<String> visited) {
    if (!visited.add(issuer.ref().toString())) {
      return Optional.empty();
    }
    if (issuer.at("spec.selfSigned").isPresent()) {
      return Optional.of(issuer);
    }
    // depth first, in render order: the first chain that ends self-signed
    return caCertificates(issuer, resources).stream()
        .map(cert -> issuerOf(cert, resources).flatMap(p -> selfSignedRoot(p, resources, visited)))
        .flatMap(Optional::stream)
        .findFirst();
  }

  /** The Certificates that write the CA Secret of a {@code ca} issuer. */
  private static List<Resource> caCertificates(Resource issuer, List<Resource> resources) {
    String caSecret = str(issuer.at("spec.ca.secretName").orElse(null));
    return caSecret.isEmpty() ? List.of() : resources.stream()
        .filter(c -> c.is("Certificate") && c.group().equals(GROUP)
            && str(c.at("spec.secretName").orElse(null)).equals(caSecret)
            && (issuer.is("ClusterIssuer") || c.namespace().equals(issuer.namespace())))
        .toList();
  }

  private static Optional<Resource> issuerOf(Resource cert, List<Resource> resources) {
    Map<String, Object> ref = map(cert.at("spec.issuerRef").orElse(null));
    String kind = str(ref.get("kind")).isEmpty() ? "Issuer" : str(ref.get("kind"));
    return issuer(resources, kind, cert.namespace(), str(ref.get("name")));
  }
}
