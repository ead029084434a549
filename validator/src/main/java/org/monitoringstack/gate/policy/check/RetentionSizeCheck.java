package org.monitoringstack.gate.policy.check;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.PolicyException;
import org.monitoringstack.gate.policy.Quantity;

/**
 * {@code storage.retention-size} (STO-3, RES-1): a Prometheus' {@code spec.retentionSize}, when
 * set, leaves headroom on its volume: at most {@code maxFraction} (production 0.85) of the size
 * its volume requests, since the WAL, the head chunks and compactions need space beyond the
 * blocks that retentionSize counts. With {@code required} (production) it must be set: without
 * it a cardinality burst fills the disk before the time-based retention cuts in, and Prometheus
 * stops ingesting. The volume is {@code spec.storage.volumeClaimTemplate}, {@code
 * ephemeral.volumeClaimTemplate} or an {@code emptyDir.sizeLimit}; an unbounded emptyDir has no
 * size to compare with.
 *
 * <p>retentionSize is a Prometheus byte size ({@code 45GB}, {@code 45GiB}, {@code 512MB}): the
 * units are powers of 1024 with or without the {@code i}, as Prometheus parses them.
 */
final class RetentionSizeCheck extends Check {

  private static final Pattern BYTES =
      Pattern.compile("^(\\d+(?:\\.\\d+)?|\\.\\d+)(?:([KMGTPE])i?)?B$");
  private static final String UNITS = "KMGTPE";

  RetentionSizeCheck() {
    super("storage.retention-size", "STO-3",
        "Every Prometheus caps its blocks by spec.retentionSize below its volume size, with "
            + "headroom for the WAL and compaction.");
  }

  @Override
  protected void run(CheckContext ctx, List<Finding> out) {
    BigDecimal fraction = fraction(ctx);
    boolean required = ctx.params().bool("required", false);
    String percent = fraction.movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    for (Resource p : ctx.ofKind(MonitorTargets.GROUP, "Prometheus")) {
      Optional<Volume> volume = volume(p);
      Optional<Object> raw = p.at("spec.retentionSize");
      String hint = volume.map(v -> "set spec.retentionSize to at most "
          + bytes(v.size().value().multiply(fraction)) + " (" + percent + " of " + v.size()
          + ") (" + requirement() + ")").orElse("set spec.retentionSize below the volume size ("
          + requirement() + ")");
      if (raw.isEmpty() || "0".equals(String.valueOf(raw.get()).trim())) {
        if (required) {
          out.add(ctx.finding(p, "spec.retentionSize", (raw.isEmpty()
              ? "does not set spec.retentionSize" : "disables spec.retentionSize (0)")
              + ", so a burst of series can fill the volume before spec.retention cuts in; "
              + "expected a size of at most " + percent + " of the volume", hint));
        }
        continue;
      }
      Optional<BigDecimal> size = parseBytes(raw.get());
      if (size.isEmpty()) {
        out.add(ctx.finding(p, "spec.retentionSize", "spec.retentionSize '" + raw.get()
            + "' is not a Prometheus byte size; expected for example 42GB or 42GiB", hint));
        continue;
      }
      if (volume.isEmpty()) {
        continue;
      }
      Quantity vol = volume.get().size();
      if (size.get().compareTo(vol.value().multiply(fraction)) > 0) {
        String share = size.get().multiply(BigDecimal.valueOf(100))
            .divide(vol.value(), 0, RoundingMode.HALF_UP).toPlainString() + "%";
        String units = String.valueOf(raw.get()).contains("i") ? ""
            : "; Prometheus counts 1GB as 1GiB";
        out.add(ctx.finding(p, "spec.retentionSize", "keeps up to " + raw.get()
            + " of blocks (spec.retentionSize" + units + "), " + share + " of its " + vol
            + " volume (" + volume.get().path() + "); expected at most " + percent
            + ", leaving room for the WAL and compaction", hint));
      }
    }
  }

  /** The volume a Prometheus keeps its data on, with the size it requests. */
  private record Volume(Quantity size, String path) {}

  private static Optional<Volume> volume(Resource p) {
    for (String path : List.of("spec.storage.volumeClaimTemplate.spec.resources.requests.storage",
        "spec.storage.ephemeral.volumeClaimTemplate.spec.resources.requests.storage",
        "spec.storage.emptyDir.sizeLimit")) {
      Optional<Object> raw = p.at(path);
      if (raw.isPresent()) {
        // a size that is no quantity is storage.size's finding; nothing to compare with here
        return Quantity.tryParse(raw.get()).map(q -> new Volume(q, path));
      }
    }
    return Optional.empty();
  }

  /** A Prometheus byte size in bytes; empty when it is not one. */
  static Optional<BigDecimal> parseBytes(Object raw) {
    String text = String.valueOf(raw).trim();
    Matcher m = BYTES.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    int power = m.group(2) == null ? 0 : UNITS.indexOf(m.group(2)) + 1;
    return Optional.of(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1024).pow(power)));
  }

  /** Bytes, rounded down to a whole number of the largest unit that keeps it at least 1. */
  private static String bytes(BigDecimal value) {
    int power = 0;
    BigDecimal unit = BigDecimal.ONE;
    while (power < UNITS.length()
        && value.compareTo(unit.multiply(BigDecimal.valueOf(1024))) >= 0) {
      unit = unit.multiply(BigDecimal.valueOf(1024));
      power++;
    }
    String whole = value.divide(unit, 0, RoundingMode.DOWN).toPlainString();
    return whole + (power == 0 ? "B" : UNITS.charAt(power - 1) + "iB");
  }

  private static BigDecimal fraction(CheckContext ctx) {
    Object raw = ctx.params().get("maxFraction").orElse(null);
    BigDecimal f;
    try {
      f = new BigDecimal(String.valueOf(raw));
    } catch (NumberFormatException e) {
      f = null;
    }
    if (f == null || f.signum() <= 0 || f.compareTo(BigDecimal.ONE) > 0) {
      throw new PolicyException("check storage.retention-size: parameter 'maxFraction' must be"
          + " a number above 0 and at most 1, was " + raw);
    }
    return f;
  }
}
