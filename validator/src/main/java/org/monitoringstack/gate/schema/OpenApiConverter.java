package org.monitoringstack.gate.schema;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.monitoringstack.gate.exec.ToolException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns OpenAPI v3 schemas (the Kubernetes spec's {@code components.schemas}, or a CRD's {@code
 * openAPIV3Schema}) into self-contained, strict JSON schemas (draft 4, which kubeconform compiles
 * them as):
 *
 * <ul>
 *   <li>every {@code $ref} is inlined; a reference back into a schema that is being inlined (the
 *       recursive {@code JSONSchemaProps}) becomes an open schema {@code {}};
 *   <li>{@code additionalProperties: false} on every schema with {@code properties}, unless it has
 *       {@code x-kubernetes-preserve-unknown-fields: true} or declares additionalProperties;
 *   <li>{@code x-kubernetes-int-or-string} / {@code format: int-or-string}, and {@code oneOf} /
 *       {@code anyOf} lists of bare types (Quantity), become a type list;
 *   <li>{@code nullable: true} adds {@code null}; for built-in types (which the API server decodes
 *       like Go, null meaning unset) every property also accepts {@code null};
 *   <li>{@code x-kubernetes-embedded-resource} objects accept apiVersion, kind and metadata;
 *   <li>documentation ({@code description}, {@code default}, {@code x-kubernetes-*}, ...) is
 *       dropped: kubeconform does not use it.
 * </ul>
 *
 * <p>Converted components are shared between the schemas that use them; nodes returned are never
 * modified afterwards (changes are made on shallow copies).
 */
final class OpenApiConverter {

  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonNodeFactory NODES = JSON.getNodeFactory();
  private static final String REF_PREFIX = "#/components/schemas/";
  private static final Set<String> COPIED = Set.of(
      "type", "format", "enum", "pattern", "minimum", "maximum", "exclusiveMinimum",
      "exclusiveMaximum", "minLength", "maxLength", "minItems", "maxItems", "uniqueItems",
      "multipleOf", "minProperties", "maxProperties");

  private final Map<String, JsonNode> components;
  private final boolean nullableProperties;
  private final Map<String, ObjectNode> converted = new HashMap<>();
  private int recursionCuts;

  private OpenApiConverter(Map<String, JsonNode> components, boolean nullableProperties) {
    this.components = Map.copyOf(components);
    this.nullableProperties = nullableProperties;
  }

  /** For the Kubernetes built-in types: resolves refs among {@code components}. */
  static OpenApiConverter forBuiltIns(Map<String, JsonNode> components) {
    return new OpenApiConverter(components, true);
  }

  /** For CRD schemas: self-contained, no refs, null only where {@code nullable: true}. */
  static OpenApiConverter forCrds() {
    return new OpenApiConverter(Map.of(), false);
  }

  /** The strict schema of the named component. */
  ObjectNode component(String name) {
    return resolve(name, new ArrayDeque<>());
  }

  /** The strict form of one schema. */
  ObjectNode convert(JsonNode schema) {
    return convert(schema, new ArrayDeque<>());
  }

  /**
   * A CRD version's schema as a whole object schema: the converted {@code openAPIV3Schema} with
   * {@code apiVersion} and {@code kind} as strings and {@code metadata} as {@code objectMeta}.
   */
  ObjectNode crdRoot(JsonNode openApiV3Schema, ObjectNode objectMeta) {
    ObjectNode root = convert(openApiV3Schema);
    if (!root.has("type")) {
      root.put("type", "object");
    }
    ObjectNode properties = root.has("properties") ? (ObjectNode) root.get("properties")
        : root.putObject("properties");
    properties.set("apiVersion", NODES.objectNode().put("type", "string"));
    properties.set("kind", NODES.objectNode().put("type", "string"));
    properties.set("metadata", objectMeta);
    return root;
  }

  private ObjectNode resolve(String name, Deque<String> stack) {
    ObjectNode done = converted.get(name);
    if (done != null) {
      return done;
    }
    JsonNode raw = components.get(name);
    if (raw == null) {
      throw new ToolException("the OpenAPI spec refers to " + REF_PREFIX + name
          + ", which it does not define");
    }
    int cutsBefore = recursionCuts;
    stack.push(name);
    ObjectNode result = convert(raw, stack);
    stack.pop();
    if (recursionCuts == cutsBefore) {
      converted.put(name, result);
    }
    return result;
  }

  private ObjectNode convert(JsonNode node, Deque<String> stack) {
    if (node == null || !node.isObject()) {
      return NODES.objectNode();
    }
    if (node.has("$ref")) {
      String ref = node.get("$ref").asString();
      if (!ref.startsWith(REF_PREFIX)) {
        throw new ToolException("unsupported $ref " + ref + " (only " + REF_PREFIX + "... refs are inlined)");
      }
      String name = ref.substring(REF_PREFIX.length());
      if (stack.contains(name)) {
        recursionCuts++;
        return NODES.objectNode();
      }
      ObjectNode target = resolve(name, stack);
      return mergeInto(target, convert(((ObjectNode) node).deepCopy().without("$ref"), stack));
    }
    JsonNode allOf = node.get("allOf");
    if (allOf != null && allOf.isArray() && allOf.size() == 1) {
      // the spec wraps every typed field as allOf: [{$ref}] so it can add a description
      ObjectNode inner = convert(allOf.get(0), stack);
      return mergeInto(inner, convert(((ObjectNode) node).deepCopy().without("allOf"), stack));
    }

    ObjectNode out = NODES.objectNode();
    boolean preserveUnknown = flag(node, "x-kubernetes-preserve-unknown-fields");
    boolean intOrString = flag(node, "x-kubernetes-int-or-string")
        || "int-or-string".equals(node.path("format").asString(""));
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String key = entry.getKey();
      JsonNode value = entry.getValue();
      switch (key) {
        case "properties" -> {
          ObjectNode properties = out.putObject("properties");
          for (Map.Entry<String, JsonNode> property : value.properties()) {
            ObjectNode schema = convert(property.getValue(), stack);
            properties.set(property.getKey(), nullableProperties ? allowNull(schema) : schema);
          }
        }
        case "patternProperties" -> {
          ObjectNode patterns = out.putObject("patternProperties");
          for (Map.Entry<String, JsonNode> pattern : value.properties()) {
            patterns.set(pattern.getKey(), convert(pattern.getValue(), stack));
          }
        }
        case "additionalProperties" -> out.set(key,
            value.isBoolean() ? value : convert(value, stack));
        case "items" -> {
          if (value.isArray()) {
            ArrayNode items = out.putArray("items");
            value.forEach(item -> items.add(convert(item, stack)));
          } else {
            out.set("items", convert(value, stack));
          }
        }
        case "allOf", "anyOf", "oneOf" -> {
          if (value.isArray() && !value.isEmpty()) {
            ArrayNode list = out.putArray(key);
            value.forEach(item -> list.add(convert(item, stack)));
          }
        }
        case "not" -> out.set("not", convert(value, stack));
        case "required" -> {
          List<String> names = value.valueStream().map(JsonNode::asString).distinct().toList();
          if (!names.isEmpty()) {
            names.forEach(out.putArray("required")::add);
          }
        }
        case "enum" -> {
          if (value.isArray() && !value.isEmpty()) {
            out.set("enum", value);
          }
        }
        default -> {
          if (COPIED.contains(key)) {
            out.set(key, value);
          }
        }
      }
    }

    if (intOrString) {
      if ("int-or-string".equals(out.path("format").asString(""))) {
        out.remove("format");
      }
      dropBareTypeAlternatives(out, "anyOf");
      dropBareTypeAlternatives(out, "oneOf");
      out.putArray("type").add("integer").add("string");
    } else if (!out.has("type")) {
      for (String combinator : new String[] {"oneOf", "anyOf"}) {
        Set<String> types = bareTypes(out.get(combinator));
        if (types != null) {
          out.remove(combinator);
          types.forEach(out.putArray("type")::add);
          break;
        }
      }
    }
    if (flag(node, "x-kubernetes-embedded-resource") && out.has("properties")) {
      ObjectNode properties = (ObjectNode) out.get("properties");
      properties.putIfAbsent("apiVersion", NODES.objectNode().put("type", "string"));
      properties.putIfAbsent("kind", NODES.objectNode().put("type", "string"));
      properties.putIfAbsent("metadata", NODES.objectNode().put("type", "object"));
    }
    if (out.has("properties") && !preserveUnknown && !node.has("additionalProperties")) {
      out.put("additionalProperties", false);
    }
    if (flag(node, "nullable")) {
      return allowNull(out);
    }
    return out;
  }

  /** {@code schema} (or a copy of it) whose type and enum also admit {@code null}. */
  static ObjectNode allowNull(ObjectNode schema) {
    JsonNode type = schema.get("type");
    if (type == null) {
      return schema;
    }
    ObjectNode copy = schema.objectNode();
    copy.setAll(schema);
    ArrayNode types = copy.putArray("type");
    if (type.isArray()) {
      type.forEach(types::add);
    } else {
      types.add(type.asString());
    }
    if (types.valueStream().noneMatch(t -> "null".equals(t.asString()))) {
      types.add("null");
    }
    JsonNode enumValues = schema.get("enum");
    if (enumValues != null && enumValues.isArray()
        && enumValues.valueStream().noneMatch(JsonNode::isNull)) {
      ArrayNode values = copy.putArray("enum");
      enumValues.forEach(values::add);
      values.addNull();
    }
    return copy;
  }

  /** {@code base} with {@code extra}'s keywords added; a copy when there is anything to add. */
  private static ObjectNode mergeInto(ObjectNode base, ObjectNode extra) {
    if (extra.isEmpty()) {
      return base;
    }
    ObjectNode merged = base.objectNode();
    merged.setAll(base);
    for (Map.Entry<String, JsonNode> e : extra.properties()) {
      if (!merged.has(e.getKey())) {
        merged.set(e.getKey(), e.getValue());
      }
    }
    return merged;
  }

  private static void dropBareTypeAlternatives(ObjectNode out, String combinator) {
    if (bareTypes(out.get(combinator)) != null) {
      out.remove(combinator);
    }
  }

  /** The types of a list of schemas that each say only {@code type: X}, or null. */
  private static Set<String> bareTypes(JsonNode alternatives) {
    if (alternatives == null || !alternatives.isArray() || alternatives.isEmpty()) {
      return null;
    }
    Set<String> types = new LinkedHashSet<>();
    for (JsonNode alternative : alternatives) {
      if (alternative.size() != 1 || !alternative.path("type").isString()) {
        return null;
      }
      types.add(alternative.get("type").asString());
    }
    return types;
  }

  private static boolean flag(JsonNode node, String name) {
    JsonNode value = node.get(name);
    return value != null && value.isBoolean() && value.booleanValue();
  }

  /** For tests: how often a recursive reference was cut. */
  int recursionCuts() {
    return recursionCuts;
  }
}
