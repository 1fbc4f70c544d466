package dev.mimamori.scan.yara;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One {@code YR_SCANNER} over shared rules, with the state of one scan at a time: the external
 * variables and the matches collected by its callback. Used by one thread at a time ({@link
 * YaraScanner} pools them).
 */
final class NativeScanner implements AutoCloseable {
  private static final int FLAGS =
      LibYara.SCAN_FLAGS_FAST_MODE
          | LibYara.SCAN_FLAGS_NO_TRYCATCH
          | LibYara.SCAN_FLAGS_REPORT_RULES_MATCHING;

  private final YaraRules rules;
  private final LibYara lib;
  private final RuleLayout layout;
  private final Pointer handle;
  private final int timeoutSeconds;
  private final List<YaraMatch> matches = new ArrayList<>();

  // JNA frees a callback's native stub when its Java object is collected: hold it here.
  private final LibYara.ScanCallback callback = this::onEvent;

  private @Nullable RuntimeException callbackFailure;
  private boolean closed;

  NativeScanner(YaraRules rules, int timeoutSeconds) {
    this.rules = rules;
    this.lib = rules.lib();
    this.layout = Yara.layout();
    this.timeoutSeconds = timeoutSeconds;
    Pointer r = rules.retain();
    PointerByReference ref = new PointerByReference();
    int rc = lib.yr_scanner_create(r, ref);
    if (rc != LibYara.ERROR_SUCCESS) {
      rules.release();
      throw new YaraException("yr_scanner_create failed (libyara error " + rc + ")");
    }
    handle = ref.getValue();
    lib.yr_scanner_set_callback(handle, callback, null);
    lib.yr_scanner_set_timeout(handle, timeoutSeconds);
    lib.yr_scanner_set_flags(handle, FLAGS);
  }

  /** Scans {@code length} bytes of a Java array. */
  List<YaraMatch> scan(byte[] data, int length, Externals externals) throws IOException {
    define(externals);
    return finish(lib.yr_scanner_scan_mem(handle, data, length));
  }

  /** Scans native memory. */
  List<YaraMatch> scan(Pointer data, long length, Externals externals) throws IOException {
    define(externals);
    return finish(lib.yr_scanner_scan_mem(handle, data, length));
  }

  private void define(Externals e) {
    matches.clear();
    callbackFailure = null;
    define("filename", e.filename());
    define("filepath", e.filepath());
    define("extension", e.extension());
    define("filetype", e.filetype());
    define("owner", e.owner());
  }

  private void define(String name, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    Yara.check(
        lib.yr_scanner_define_string_variable(handle, name, Arrays.copyOf(bytes, bytes.length + 1)),
        "yr_scanner_define_string_variable(" + name + ")");
  }

  private List<YaraMatch> finish(int rc) throws IOException {
    if (rc == LibYara.ERROR_SCAN_TIMEOUT) {
      throw new IOException("scan timed out after " + timeoutSeconds + " s");
    }
    if (rc != LibYara.ERROR_SUCCESS) {
      throw new IOException("libyara could not scan it (error " + rc + ")");
    }
    if (callbackFailure != null) {
      throw new IOException("could not read a match from libyara", callbackFailure);
    }
    return List.copyOf(matches);
  }

  /** Runs inside the scan, on the scanning thread; must not throw back into libyara. */
  private int onEvent(
      Pointer context, int message, @Nullable Pointer data, @Nullable Pointer userData) {
    if (message == LibYara.CALLBACK_MSG_RULE_MATCHING && data != null) {
      try {
        matches.add(
            new YaraMatch(
                layout.identifier(data),
                layout.namespace(data),
                layout.tags(data),
                layout.metas(data)));
      } catch (RuntimeException e) {
        callbackFailure = e;
      }
    }
    // CALLBACK_MSG_TOO_MANY_MATCHES: libyara stops recording that string and goes on, which is
    // what a rule needs in fast mode anyway.
    return LibYara.CALLBACK_CONTINUE;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      lib.yr_scanner_destroy(handle);
      rules.release();
    }
  }
}
