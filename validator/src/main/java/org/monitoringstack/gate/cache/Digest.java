package org.monitoringstack.gate.cache;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 content keys, in lower-case hex. */
public final class Digest {

  private final MessageDigest digest = sha256();

  /** Adds a part, length-prefixed so that no two sequences of parts give the same text. */
  public Digest add(String part) {
    return add(part.getBytes(StandardCharsets.UTF_8));
  }

  private Digest add(byte[] bytes) {
    digest.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
    digest.update(bytes);
    return this;
  }

  /** Adds a file's content, or what stands in its place (missing, not a file, unreadable). */
  public Digest addFile(Path file) {
    if (!Files.isRegularFile(file)) {
      return add(Files.exists(file) ? "not a file" : "missing");
    }
    try {
      return add("content").add(Files.readAllBytes(file));
    } catch (IOException e) {
      return add("unreadable " + e.getMessage());
    }
  }

  /** The digest of everything added, in hex; the digest starts over. */
  public String hex() {
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The SHA-256 of a text's UTF-8 bytes, in hex. */
  public static String of(String text) {
    return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }
}
