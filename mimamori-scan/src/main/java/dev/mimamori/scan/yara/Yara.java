package dev.mimamori.scan.yara;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * libyara, loaded once per process. {@code yr_initialize} runs when the first user arrives and
 * {@code yr_finalize} when the last one leaves: libyara keeps process-wide state (module tables,
 * thread-local keys), so two rule sets, or a rule set and a test, share one initialisation.
 */
final class Yara {
  /**
   * {@code yara} finds {@code libyara.so} (installed with {@code libyara-dev}); a machine with only
   * the runtime package has the versioned names: 4.2 is {@code .so.9}, 4.3 to 4.5 {@code .so.10}.
   */
  private static final List<String> NAMES = List.of("yara", "libyara.so.9", "libyara.so.10");

  private static final String PROBE_RULE = "mimamori_layout_probe";

  private static @Nullable LibYara lib;
  private static @Nullable RuleLayout layout;
  private static int users;

  private Yara() {}

  /** Loads and initialises libyara for one more user; {@link #release} when done. */
  static synchronized LibYara acquire() {
    LibYara l = lib != null ? lib : load();
    lib = l;
    if (users == 0) {
      int rc = l.yr_initialize();
      if (rc != LibYara.ERROR_SUCCESS) {
        throw new YaraException("libyara did not initialise (error " + rc + ")");
      }
      try {
        if (layout == null) {
          layout = probeLayout(l);
        }
      } catch (RuntimeException e) {
        l.yr_finalize();
        throw e;
      }
    }
    users++;
    return l;
  }

  static synchronized void release() {
    if (users == 0) {
      throw new IllegalStateException("libyara released more often than acquired");
    }
    users--;
    if (users == 0 && lib != null) {
      lib.yr_finalize();
    }
  }

  /** The {@code YR_RULE} layout of the loaded libyara; only valid while acquired. */
  static synchronized RuleLayout layout() {
    RuleLayout l = layout;
    if (l == null) {
      throw new IllegalStateException("libyara is not initialised");
    }
    return l;
  }

  private static LibYara load() {
    List<String> failures = new ArrayList<>();
    for (String name : NAMES) {
      try {
        return Native.load(
            name,
            LibYara.class,
            Map.of(Library.OPTION_STRING_ENCODING, StandardCharsets.UTF_8.name()));
      } catch (UnsatisfiedLinkError e) {
        failures.add(name + ": " + firstLine(e.getMessage()));
      }
    }
    throw new YaraException(
        "libyara is not installed (Debian/Ubuntu: apt-get install libyara9); tried "
            + String.join("; ", failures));
  }

  /**
   * Compiles a rule without strings and looks at its {@code YR_RULE}: in the 4.4 layout the 8 bytes
   * after {@code flags} and {@code num_atoms} are {@code required_strings} (0 here) and zeroed
   * padding, in the 4.2 layout they are the identifier pointer. The choice is then checked by
   * reading the identifier and by finding the end-of-table marker one struct further on.
   */
  private static RuleLayout probeLayout(LibYara l) {
    PointerByReference ref = new PointerByReference();
    check(l.yr_compiler_create(ref), "yr_compiler_create");
    Pointer compiler = ref.getValue();
    Pointer rules = null;
    try {
      byte[] source =
          ("rule " + PROBE_RULE + " { condition: true }\0").getBytes(StandardCharsets.US_ASCII);
      if (l.yr_compiler_add_string(compiler, source, "probe") != 0) {
        throw new YaraException("libyara refused a trivial rule; unsupported version");
      }
      PointerByReference rulesRef = new PointerByReference();
      check(l.yr_compiler_get_rules(compiler, rulesRef), "yr_compiler_get_rules");
      rules = rulesRef.getValue();
      Pointer table = RuleLayout.rulesTable(rules);
      RuleLayout candidate = table.getLong(8) == 0 ? RuleLayout.V4_4 : RuleLayout.V4_2;
      Pointer sentinel = table.share(candidate.size());
      if (!PROBE_RULE.equals(candidate.identifier(table))
          || (candidate.flags(sentinel) & LibYara.RULE_FLAGS_NULL) == 0) {
        throw new YaraException("unsupported libyara: YR_RULE layout not recognised");
      }
      return candidate;
    } finally {
      if (rules != null) {
        l.yr_rules_destroy(rules);
      }
      l.yr_compiler_destroy(compiler);
    }
  }

  static void check(int rc, String call) {
    if (rc != LibYara.ERROR_SUCCESS) {
      throw new YaraException(call + " failed (libyara error " + rc + ")");
    }
  }

  private static String firstLine(@Nullable String s) {
    if (s == null) {
      return "not found";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
