package org.monitoringstack.gate.render;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.monitoringstack.gate.model.RenderedTarget;
import org.monitoringstack.gate.model.Target;
import org.monitoringstack.gate.model.TargetInputs;

/**
 * A {@link Renderer} that asks its delegate (the kustomize renderer) only when the {@link
 * RenderCache} has no render for the target's current inputs: a second run with nothing changed
 * does no kustomize work and no parsing of kustomize's output. The inputs are asked for on every
 * call (so an edit between calls is seen); the pipeline gives them from the kustomization graph
 * ({@code impact.KustomizeGraph}), the same graph {@code --changed-since} selects targets with,
 * so this package does not depend on the impact analysis.
 *
 * <p>Only clean renders are stored: a render with findings (kustomize failed, malformed YAML) is
 * rendered again next time, and a render that throws (a tool that cannot run) is not stored. Each
 * result says whether it was a {@link RenderedTarget.Cache#HIT} or a {@link
 * RenderedTarget.Cache#MISS}, for the run's summary.
 */
public final class CachingRenderer implements Renderer {

  private final Renderer delegate;
  private final RenderCache cache;
  private final Function<Target, TargetInputs> inputs;

  public CachingRenderer(
      Renderer delegate, RenderCache cache, Function<Target, TargetInputs> inputs) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.inputs = Objects.requireNonNull(inputs, "inputs");
  }

  @Override
  public RenderedTarget render(Target target) {
    Optional<String> key = cache.key(inputs.apply(target));
    Optional<RenderedTarget> cached = key.flatMap(k -> cache.get(k, target));
    if (cached.isPresent()) {
      return cached.get().withCache(RenderedTarget.Cache.HIT);
    }
    RenderedTarget rendered = delegate.render(target);
    if (key.isPresent() && rendered.rendered()) {
      cache.put(key.get(), rendered);
    }
    return rendered.withCache(RenderedTarget.Cache.MISS);
  }
}
