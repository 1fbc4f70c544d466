package dev.mimamori.scan.yara;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A file type from the first bytes, for the {@code filetype} external variable: the names LOKI uses
 * for the formats found in web roots, {@code UNKNOWN} otherwise.
 */
final class Magic {
  private record Signature(String type, byte[] prefix) {
    boolean matches(byte[] head, int length) {
      if (length < prefix.length) {
        return false;
      }
      for (int i = 0; i < prefix.length; i++) {
        if (head[i] != prefix[i]) {
          return false;
        }
      }
      return true;
    }
  }

  private static final List<Signature> SIGNATURES =
      List.of(
          new Signature("EXE", new byte[] {'M', 'Z'}),
          new Signature("ELF", new byte[] {0x7f, 'E', 'L', 'F'}),
          new Signature("ZIP", new byte[] {'P', 'K', 3, 4}),
          new Signature("GZIP", new byte[] {0x1f, (byte) 0x8b}),
          new Signature("RAR", new byte[] {'R', 'a', 'r', '!'}),
          new Signature("7Z", new byte[] {'7', 'z', (byte) 0xbc, (byte) 0xaf}),
          new Signature("GIF", new byte[] {'G', 'I', 'F', '8'}),
          new Signature("JPEG", new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff}),
          new Signature("PNG", new byte[] {(byte) 0x89, 'P', 'N', 'G'}),
          new Signature("PDF", "%PDF".getBytes(StandardCharsets.US_ASCII)),
          new Signature("PHP", "<?php".getBytes(StandardCharsets.US_ASCII)));

  /** Enough bytes for every signature above. */
  static final int HEAD = 8;

  private Magic() {}

  /** The type of a file starting with {@code head[0..length)}. */
  static String type(byte[] head, int length) {
    for (Signature s : SIGNATURES) {
      if (s.matches(head, length)) {
        return s.type();
      }
    }
    return "UNKNOWN";
  }
}
