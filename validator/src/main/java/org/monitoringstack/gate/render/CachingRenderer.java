package org.monitoringstack.gate.render;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.monitoringstack.gate.model.Target;

/**
 * A {@link Renderer} that asks its delegate only when the {@link RenderCacheStore} has no render
 * for the target's current inputs: a second run with nothing changed does no kustomize work (and
 * no parsing: it wraps the whole renderer, e.g. the kustomize renderer with its own build
 * cache). The inputs are asked for on every call (so an edit between calls is seen); the
 * pipeline gives them from the kustomize input graph, e.g. {@code t -> { TargetInputs in =
 * KustomizeGraph.of(root, List.of(t)).inputsOf(t); return RenderCacheInputs.of(t, in.files(),
 * in.folders()); }}. A render that throws (a tool that cannot run) is not stored.
 */
public final class CachingRenderer implements Renderer {

  private final Renderer delegate;
  private final RenderCacheStore cache;
  private final Function<Target, RenderCacheInputs> inputs;

  public CachingRenderer(
      Renderer delegate, RenderCacheStore cache, Function<Target, RenderCacheInputs> inputs) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.inputs = Objects.requireNonNull(inputs, "inputs");
  }

  @Override
  public RenderedTarget render(Target target) {
    String key = cache.key(inputs.apply(target));
    Optional<RenderedTarget> cached = cache.get(key, target);
    if (cached.isPresent()) {
      return cached.get();
    }
    RenderedTarget rendered = delegate.render(target);
    cache.put(key, rendered);
    return rendered;
  }

  /** Hits and misses so far, for the run's summary. */
  public RenderCacheStore.Stats stats() {
    return cache.stats();
  }
}
