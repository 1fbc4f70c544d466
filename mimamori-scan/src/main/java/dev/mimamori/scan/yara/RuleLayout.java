package dev.mimamori.scan.yara;

import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where the fields of a {@code YR_RULE} are. libyara 4.2 and 4.3 start it with {@code flags} and
 * {@code num_atoms} (identifier at offset 8, 48 bytes in all); 4.4 added {@code required_strings}
 * and padding before the identifier (offset 16, 56 bytes) without changing the soname (both are
 * {@code libyara.so.10}), so the layout is probed at run time ({@link Yara}) rather than guessed
 * from the file name. Every pointer field is a {@code DECLARE_REFERENCE}: an 8-byte union.
 *
 * <p>{@code YR_META} (identifier, string, int64 integer, int32 type, int32 flags: 32 bytes) and
 * {@code YR_NAMESPACE} (name first) are the same in all 4.x versions.
 */
record RuleLayout(int identifierOffset, int size) {
  static final RuleLayout V4_2 = new RuleLayout(8, 48);
  static final RuleLayout V4_4 = new RuleLayout(16, 56);

  private static final int META_SIZE = 32;

  /** {@code YR_RULES.rules_table}: after the {@code YR_ARENA*}. */
  static Pointer rulesTable(Pointer rules) {
    return rules.getPointer(8);
  }

  int flags(Pointer rule) {
    return rule.getInt(0);
  }

  String identifier(Pointer rule) {
    return string(rule.getPointer(identifierOffset));
  }

  /** {@code tags}: NUL-separated names ending with an empty one ({@code yr_rule_tags_foreach}). */
  List<String> tags(Pointer rule) {
    Pointer p = rule.getPointer(identifierOffset + 8);
    List<String> tags = new ArrayList<>();
    if (p == null) {
      return tags;
    }
    long offset = 0;
    while (p.getByte(offset) != 0) {
      long length = p.indexOf(offset, (byte) 0); // counted from offset
      tags.add(new String(p.getByteArray(offset, (int) length), StandardCharsets.UTF_8));
      offset += length + 1;
    }
    return tags;
  }

  /**
   * {@code metas}: an array ending with the entry flagged {@code META_FLAGS_LAST_IN_RULE}, or null
   * ({@code yr_rule_metas_foreach}). Strings and integers as they are, booleans as Boolean; the
   * first of a repeated identifier wins.
   */
  Map<String, Object> metas(Pointer rule) {
    Pointer meta = rule.getPointer(identifierOffset + 16);
    Map<String, Object> metas = new LinkedHashMap<>();
    while (meta != null) {
      String key = string(meta.getPointer(0));
      int type = meta.getInt(24);
      Object value =
          switch (type) {
            case LibYara.META_TYPE_STRING -> string(meta.getPointer(8));
            case LibYara.META_TYPE_BOOLEAN -> meta.getLong(16) != 0;
            default -> meta.getLong(16);
          };
      metas.putIfAbsent(key, value);
      meta =
          (meta.getInt(28) & LibYara.META_FLAGS_LAST_IN_RULE) != 0 ? null : meta.share(META_SIZE);
    }
    return metas;
  }

  /** The namespace the rule was compiled into ({@code ns->name}). */
  String namespace(Pointer rule) {
    Pointer ns = rule.getPointer(identifierOffset + 32);
    return ns == null ? "" : string(ns.getPointer(0));
  }

  private static String string(@Nullable Pointer p) {
    return p == null ? "" : p.getString(0, StandardCharsets.UTF_8.name());
  }
}
