package org.monitoringstack.gate.toolchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.monitoringstack.gate.exec.SystemProcessRunner;

/**
 * The live stage's binaries are the software the cluster runs: kube-apiserver at the Kubernetes
 * version whose OpenAPI gives the schemas, etcd at the version that Kubernetes requires, and
 * the operator at its image's tag (and its CRDs and client at the same version).
 */
class LivePinsTest {

  static final Path ROOT = TestToolchain.repositoryRoot();
  static final Pins PINS = Pins.load(ROOT.resolve(Toolchain.PINS_FILE));

  @Test
  void kube_apiserver_is_the_kubernetes_version_of_the_schemas() {
    Pins.ToolPin apiserver = PINS.tool("kube-apiserver");

    assertEquals(PINS.kubernetesModule(), apiserver.module());
    assertEquals(PINS.kubernetesVersion(), apiserver.version());
    assertEquals("-X k8s.io/component-base/version.gitVersion=v1.35.4"
        + " -X k8s.io/component-base/version.gitMajor=1"
        + " -X k8s.io/component-base/version.gitMinor=35"
        + " -X k8s.io/component-base/version.gitTreeState=clean",
        apiserver.resolvedLdflags());
  }

  @Test
  void etcd_is_the_version_kubernetes_requires() throws IOException {
    Path kubernetes = new ModuleFetcher(new SystemProcessRunner(), System.getenv())
        .download(PINS.kubernetesModule(), PINS.kubernetesVersion());
    Matcher required = Pattern.compile("(?m)^\\s*go\\.etcd\\.io/etcd/server/v3 (v\\S+)")
        .matcher(Files.readString(kubernetes.resolve("go.mod")));

    assertTrue(required.find(), "k8s.io/kubernetes requires etcd's server module");
    assertEquals(required.group(1), PINS.tool("etcd").version());
  }

  @Test
  void the_operator_is_its_images_version_with_crds_and_client_alike() throws IOException {
    Pins.ToolPin operator = PINS.tool("prometheus-operator");
    String deployment = Files.readString(
        ROOT.resolve("base/prometheus-operator/prometheusOperator-deployment.yaml"));
    Matcher image = Pattern.compile("image: \\S+/prometheus-operator/prometheus-operator:(v\\S+)")
        .matcher(deployment);
    String client = Files.readString(
        ROOT.resolve("validator/tools/prometheus-operator/client/go.mod"));
    String wrapper = Files.readString(ROOT.resolve("validator/tools/prometheus-operator/go.mod"));

    assertTrue(image.find(), "the operator Deployment names the operator image");
    assertEquals(image.group(1), operator.version());
    assertEquals(operator.version(), PINS.crds().stream()
        .filter(c -> c.name().equals("prometheus-operator")).findFirst().orElseThrow().version());
    String apis = "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring "
        + operator.version();
    assertTrue(client.contains(apis), "client/go.mod requires " + apis);
    assertTrue(wrapper.contains(apis), "go.mod requires " + apis);
  }
}
