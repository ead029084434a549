package org.monitoringstack.gate.toolchain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.monitoringstack.gate.yaml.SafeYaml;

/**
 * promtool and amtool check what the images run, so each is built at its image's version: the
 * tool pin in validator/toolchain.properties (or the wrapper go.mod) and the image tag of the
 * manifest that runs it must agree.
 */
class ToolImagePinsTest {

  static final Path ROOT = TestToolchain.repositoryRoot();

  @ParameterizedTest(name = "{0} matches the image of {1}")
  @CsvSource({
      "promtool, base/prometheus/prometheus-prometheus.yaml",
      "amtool, base/alertmanager/alertmanager-alertmanager.yaml"})
  void pins_each_tool_at_the_version_of_the_image_it_checks(String tool, String manifest)
      throws IOException {
    Pins pins = Pins.load(ROOT.resolve(Toolchain.PINS_FILE));

    assertEquals(Optional.empty(), mismatch(pins.tool(tool), ROOT.resolve(manifest)));
  }

  @ParameterizedTest(name = "{0} {1} against {2}")
  @CsvSource({
      "github.com/prometheus/prometheus, v0.313.0, quay.io/prometheus/prometheus:v3.14.0,"
          + " promtool is pinned at v3.13.0 (module v0.313.0) but the image runs v3.14.0",
      "github.com/prometheus/alertmanager/cmd/amtool, v0.34.1, quay.io/prometheus/alertmanager:v0.35.0,"
          + " promtool is pinned at v0.34.1 (module v0.34.1) but the image runs v0.35.0",
      "github.com/prometheus/prometheus, v0.314.0, quay.io/prometheus/prometheus:v3.14.0, ''"})
  void says_which_versions_disagree(String module, String version, String image, String expected)
      throws IOException {
    Path manifest = Files.createTempFile("image", ".yaml");
    Files.writeString(manifest, "apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\n"
        + "metadata:\n  name: main\nspec:\n  image: " + image + "\n");
    Pins.ToolPin pin = new Pins.ToolPin("promtool", module + "/cmd/x", module, version,
        Optional.empty(), java.util.List.of("--version"), "", "");

    assertEquals(expected.isEmpty() ? Optional.empty() : Optional.of(manifest + ": " + expected),
        mismatch(pin, manifest));
    Files.delete(manifest);
  }

  /** Why the pin and the manifest's {@code spec.image} tag disagree, if they do. */
  static Optional<String> mismatch(Pins.ToolPin pin, Path manifest) throws IOException {
    Object doc = SafeYaml.loadAll(Files.readString(manifest)).get(0);
    Object spec = ((Map<?, ?>) doc).get("spec");
    String image = String.valueOf(((Map<?, ?>) spec).get("image"));
    String tag = image.substring(image.lastIndexOf(':') + 1);
    if (tag.equals(pin.release())) {
      return Optional.empty();
    }
    return Optional.of(manifest + ": " + pin.name() + " is pinned at " + pin.release()
        + " (module " + pin.version() + ") but the image runs " + tag);
  }
}
