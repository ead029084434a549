package org.monitoringstack.gate.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.monitoringstack.gate.exec.ToolException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class OpenApiConverterTest {

  static final Path MODULES = Path.of("src/test/resources/fixtures/schema/modules");
  static final Path SPEC = MODULES.resolve("kubernetes/api/openapi-spec/v3");
  static final Path WIDGETS = MODULES.resolve("widgets/crds");

  static JsonNode json(String text) {
    return OpenApiConverter.JSON.readTree(text.replace('\'', '"'));
  }

  static OpenApiConverter builtIns() {
    return OpenApiConverter.forBuiltIns(SchemaCatalog.readOpenApiComponents(SPEC, "test"));
  }

  static final String OBJECT_META = "{'type':'object','properties':{"
      + "'name':{'type':['string','null']},'namespace':{'type':['string','null']},"
      + "'labels':{'type':['object','null'],'additionalProperties':{'type':'string'}}},"
      + "'additionalProperties':false}";

  static final String JSON_SCHEMA_PROPS = "{'type':'object','properties':{"
      + "'type':{'type':['string','null']},"
      + "'properties':{'type':['object','null'],'additionalProperties':{}},"
      + "'not':{}},'additionalProperties':false}";

  @Test
  void inlines_refs_and_admits_null_in_built_in_properties() {
    ObjectNode spec = builtIns().component("io.k8s.api.core.v1.GadgetSpec");

    assertEquals(json("{'type':'object','properties':{"
        + "'port':{'type':['integer','string','null']},"
        + "'size':{'type':['string','number','null']},"
        + "'mode':{'type':['string','null'],'enum':['Fast','Slow',null]},"
        + "'tags':{'type':['object','null'],'additionalProperties':{'type':'string'}},"
        + "'raw':{'type':['object','null'],'properties':{'known':{'type':['string','null']}}},"
        + "'props':" + JSON_SCHEMA_PROPS.replaceFirst("'type':'object'", "'type':['object','null']")
        + "},'additionalProperties':false}"), spec);
  }

  @Test
  void inlines_whole_kind_with_object_meta_and_required_fields() {
    OpenApiConverter converter = builtIns();

    ObjectNode gadget = converter.component("io.k8s.api.core.v1.Gadget");

    assertEquals(json(OBJECT_META),
        converter.component("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"));
    assertEquals(List.of("apiVersion", "kind", "metadata", "spec"),
        List.copyOf(gadget.get("properties").propertyNames()));
    assertEquals(json("['spec']"), gadget.get("required"));
    assertEquals(json("false"), gadget.get("additionalProperties"));
    assertEquals(json(OBJECT_META.replaceFirst("'type':'object'", "'type':['object','null']")),
        gadget.get("properties").get("metadata"));
  }

  @Test
  void cuts_recursion_with_an_open_schema_when_a_schema_refers_to_itself() {
    OpenApiConverter converter = builtIns();

    ObjectNode props = converter.component(
        "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps");

    assertEquals(json(JSON_SCHEMA_PROPS), props);
    assertEquals(2, converter.recursionCuts());
  }

  @Test
  void turns_int_or_string_into_a_type_list() {
    assertEquals(json("{'type':['integer','string']}"),
        builtIns().component("io.k8s.apimachinery.pkg.util.intstr.IntOrString"));
    assertEquals(json("{'pattern':'^[0-9]+%?$','type':['integer','string']}"),
        OpenApiConverter.forCrds().convert(json("{'x-kubernetes-int-or-string':true,"
            + "'anyOf':[{'type':'integer'},{'type':'string'}],'pattern':'^[0-9]+%?$'}")));
  }

  @Test
  void keeps_declared_additional_properties_instead_of_forbidding_them() {
    assertEquals(json("{'type':'object','properties':{'a':{'type':'string'}},"
            + "'additionalProperties':{'type':'integer','format':'int32'}}"),
        OpenApiConverter.forCrds().convert(json("{'type':'object','properties':{'a':{'type':"
            + "'string'}},'additionalProperties':{'type':'integer','format':'int32'}}")));
  }

  @Test
  void leaves_objects_open_when_they_preserve_unknown_fields() {
    assertEquals(json("{'type':'object','properties':{'a':{'type':'string'}}}"),
        OpenApiConverter.forCrds().convert(json("{'type':'object',"
            + "'x-kubernetes-preserve-unknown-fields':true,'properties':{'a':{'type':'string'}}}")));
  }

  @Test
  void admits_apiversion_kind_and_metadata_when_object_is_an_embedded_resource() {
    assertEquals(json("{'type':'object','properties':{'spec':{'type':'object'},"
            + "'apiVersion':{'type':'string'},'kind':{'type':'string'},"
            + "'metadata':{'type':'object'}},'additionalProperties':false}"),
        OpenApiConverter.forCrds().convert(json("{'type':'object',"
            + "'x-kubernetes-embedded-resource':true,'properties':{'spec':{'type':'object'}}}")));
  }

  @Test
  void names_the_ref_when_the_spec_does_not_define_it() {
    OpenApiConverter converter = OpenApiConverter.forBuiltIns(Map.of("a.B",
        json("{'type':'object','properties':{'c':{'$ref':'#/components/schemas/a.Missing'}}}")));

    ToolException e = assertThrows(ToolException.class, () -> converter.component("a.B"));

    assertEquals("the OpenAPI spec refers to #/components/schemas/a.Missing, which it does not"
        + " define", e.getMessage());
  }

  @Test
  void reads_every_version_of_every_crd_and_skips_other_documents() {
    List<SchemaCatalog.Crd> crds = SchemaCatalog.readCrds(WIDGETS.resolve("widgets.example.com.yaml"));

    assertEquals(1, crds.size());
    assertEquals("example.com", crds.get(0).group());
    assertEquals("Widget", crds.get(0).kind());
    assertEquals(List.of("v1alpha1", "v1"),
        crds.get(0).versions().stream().map(SchemaCatalog.CrdVersion::name).toList());
    assertEquals(List.of(), SchemaCatalog.readCrds(WIDGETS.resolve("kustomization.yaml")));
  }

  @Test
  void converts_crd_version_strictly_with_object_meta() {
    SchemaCatalog.Crd widget =
        SchemaCatalog.readCrds(WIDGETS.resolve("widgets.example.com.yaml")).get(0);
    ObjectNode meta = (ObjectNode) json(OBJECT_META);

    ObjectNode v1 = OpenApiConverter.forCrds().crdRoot(widget.versions().get(1).schema(), meta);

    assertEquals(json("{'type':'object','required':['spec'],'properties':{"
        + "'apiVersion':{'type':'string'},'kind':{'type':'string'},'metadata':" + OBJECT_META + ","
        + "'spec':{'type':'object','required':['port'],'properties':{"
        + "'port':{'pattern':'^[a-z0-9]+$','type':['integer','string']},"
        + "'retention':{'type':'string','pattern':'^[0-9]+(ms|s|m|h|d|w|y)$'},"
        + "'owner':{'type':['string','null']},"
        + "'extra':{'type':'object'},"
        + "'template':{'type':'object'},"
        + "'selector':{'type':'object','properties':{'matchLabels':{'type':'object',"
        + "'additionalProperties':{'type':'string'}}},'additionalProperties':false},"
        + "'mode':{'type':'string','enum':['fast','slow']}},"
        + "'additionalProperties':false}},"
        + "'additionalProperties':false}"), v1);
  }

  @Test
  void keeps_root_open_when_crd_preserves_unknown_fields() {
    SchemaCatalog.Crd gizmo =
        SchemaCatalog.readCrds(WIDGETS.resolve("gizmos.example.com.yaml")).get(0);

    ObjectNode v2 = OpenApiConverter.forCrds()
        .crdRoot(gizmo.versions().get(0).schema(), (ObjectNode) json(OBJECT_META));

    assertEquals(json("{'type':'object','properties':{'apiVersion':{'type':'string'},"
        + "'kind':{'type':'string'},'metadata':" + OBJECT_META + "}}"), v2);
  }
}
