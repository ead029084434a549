package org.monitoringstack.gate.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.monitoringstack.gate.model.Target;
import org.monitoringstack.gate.policy.PolicyException;

class LazyPolicySetTest {

  static final Target KIND = new Target("overlays/kind", Target.Kind.OVERLAY, Path.of("/r"));

  @Test
  void answers_from_the_loaded_policies_when_loading_succeeds() {
    LazyPolicySet lazy = new LazyPolicySet(
        CompletableFuture.supplyAsync(() -> new GateTest.FakePolicies()));
    assertEquals("kind", lazy.profileFor(KIND).orElseThrow());
    assertEquals(2, lazy.evaluate(KIND, List.of()).size());
  }

  @Test
  void throws_the_policy_exception_itself_when_loading_fails() {
    PolicyException broken = new PolicyException("policies/bindings.yaml:3: unknown profile x");
    LazyPolicySet lazy = new LazyPolicySet(CompletableFuture.supplyAsync(() -> {
      throw broken;
    }));
    assertSame(broken, assertThrows(PolicyException.class, () -> lazy.profileFor(KIND)));
  }
}
