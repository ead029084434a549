package org.monitoringstack.gate.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.monitoringstack.gate.model.LabelSelector;
import org.monitoringstack.gate.model.Resource;

/**
 * The labels each namespace carries, as a namespaceSelector sees them: the rendered Namespace
 * object's labels (when the render has one) plus {@code kubernetes.io/metadata.name}, which the
 * API server sets on every namespace.
 */
public final class NamespaceLabels {

  public static final String NAME_LABEL = "kubernetes.io/metadata.name";

  private final Map<String, Map<String, String>> rendered;

  private NamespaceLabels(Map<String, Map<String, String>> rendered) {
    this.rendered = rendered;
  }

  public static NamespaceLabels of(List<Resource> resources) {
    return new NamespaceLabels(resources.stream()
        .filter(r -> r.is("Namespace") && r.group().isEmpty())
        .collect(Collectors.toMap(Resource::name, Resource::labels, (a, b) -> b)));
  }

  /** True when the namespace selector selects the namespace named {@code name}. */
  public boolean matches(LabelSelector selector, String name) {
    Map<String, String> labels = new LinkedHashMap<>(rendered.getOrDefault(name, Map.of()));
    labels.put(NAME_LABEL, name);
    return selector.matches(labels);
  }
}
