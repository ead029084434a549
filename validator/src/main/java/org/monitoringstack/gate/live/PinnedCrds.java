package org.monitoringstack.gate.live;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.monitoringstack.gate.exec.ToolException;
import org.monitoringstack.gate.toolchain.ModuleFetcher;
import org.monitoringstack.gate.toolchain.Pins;
import org.monitoringstack.gate.yaml.SafeYaml;

/**
 * The CustomResourceDefinitions of the pinned CRD sources (the ones the schema catalog is made
 * of), read from the modules {@code go mod download} fetched: what a cluster has installed before
 * the stack syncs.
 */
public final class PinnedCrds {

  private PinnedCrds() {}

  /** Every CRD object of every {@code crd.*} source in {@code pins}. */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> load(Pins pins, ModuleFetcher fetcher) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Pins.CrdSource source : pins.crds()) {
      Path module = fetcher.download(source.module(), source.version());
      for (String dir : source.dirs()) {
        try (Stream<Path> files = Files.walk(module.resolve(dir))) {
          for (Path file : files.filter(f -> f.toString().endsWith(".yaml")
              || f.toString().endsWith(".yml")).sorted().toList()) {
            for (Object doc : SafeYaml.loadAll(Files.readString(file, StandardCharsets.UTF_8))) {
              if (doc instanceof Map<?, ?> m && "CustomResourceDefinition".equals(m.get("kind"))) {
                out.add((Map<String, Object>) m);
              }
            }
          }
        } catch (IOException e) {
          throw new ToolException("cannot read the CRDs of " + source.coordinates() + " in "
              + dir + ": " + e.getMessage(), e);
        }
      }
    }
    return out;
  }
}
