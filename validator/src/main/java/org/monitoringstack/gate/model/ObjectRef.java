package org.monitoringstack.gate.model;

import java.util.Objects;

/** Identifies a Kubernetes object: kind, namespace (empty when cluster-scoped or unset), name. */
public record ObjectRef(String apiVersion, String kind, String namespace, String name) {

  public static final ObjectRef NONE = new ObjectRef("", "", "", "");

  public ObjectRef {
    apiVersion = Objects.requireNonNullElse(apiVersion, "");
    kind = Objects.requireNonNullElse(kind, "");
    namespace = Objects.requireNonNullElse(namespace, "");
    name = Objects.requireNonNullElse(name, "");
  }

  /** The API group, empty for the core group. */
  public String group() {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  /** {@code Kind/name}, as findings print it. */
  public String display() {
    return kind.isEmpty() && name.isEmpty() ? "-" : kind + "/" + name;
  }
}
