package dev.mimamori.scan.yara;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import org.jspecify.annotations.Nullable;

/**
 * The part of libyara's C API (4.2 to 4.5, {@code yara/compiler.h}, {@code rules.h}, {@code
 * scanner.h}) that mimamori calls, mapped by JNA. Strings go in as UTF-8 (set when loading); rule
 * sources go in as NUL-terminated bytes exactly as they are on disk.
 */
interface LibYara extends Library {
  int ERROR_SUCCESS = 0;
  int ERROR_INSUFFICIENT_MEMORY = 1;
  int ERROR_SCAN_TIMEOUT = 26;
  int ERROR_TOO_MANY_MATCHES = 30;

  int YARA_ERROR_LEVEL_ERROR = 0;
  int YARA_ERROR_LEVEL_WARNING = 1;

  int CALLBACK_MSG_RULE_MATCHING = 1;
  int CALLBACK_MSG_TOO_MANY_MATCHES = 6;
  int CALLBACK_CONTINUE = 0;

  /** Stop looking for more occurrences of a string once it matched: a rule needs one. */
  int SCAN_FLAGS_FAST_MODE = 1;

  /**
   * Without this flag libyara 4.2 replaces the process's SIGSEGV and SIGBUS handlers around every
   * scan (and puts them back racily when threads overlap). The JVM uses SIGSEGV itself (safepoint
   * polls, implicit null checks), so that would hang or kill it. With the flag a fault in a mapped
   * file would kill the process too, which is why mimamori never lets libyara map a file: it scans
   * memory it owns ({@code yr_scanner_scan_mem}).
   */
  int SCAN_FLAGS_NO_TRYCATCH = 4;

  /**
   * Call back for matching rules only. Without it libyara also calls back for every rule that did
   * not match: thousands of calls into Java per file for nothing.
   */
  int SCAN_FLAGS_REPORT_RULES_MATCHING = 8;

  int META_TYPE_INTEGER = 1;
  int META_TYPE_STRING = 2;
  int META_TYPE_BOOLEAN = 3;
  int META_FLAGS_LAST_IN_RULE = 1;
  int RULE_FLAGS_PRIVATE = 0x01;
  int RULE_FLAGS_NULL = 0x04;

  int yr_initialize();

  int yr_finalize();

  int yr_compiler_create(PointerByReference compiler);

  void yr_compiler_destroy(Pointer compiler);

  void yr_compiler_set_callback(
      Pointer compiler, CompilerCallback callback, @Nullable Pointer userData);

  void yr_compiler_set_include_callback(
      Pointer compiler, IncludeCallback callback, IncludeFree free, @Nullable Pointer userData);

  int yr_compiler_define_string_variable(Pointer compiler, String identifier, String value);

  /** Returns the number of errors; after one the compiler may not be used again (it asserts). */
  int yr_compiler_add_string(Pointer compiler, byte[] rules, String namespace);

  int yr_compiler_get_rules(Pointer compiler, PointerByReference rules);

  int yr_rules_destroy(Pointer rules);

  int yr_scanner_create(Pointer rules, PointerByReference scanner);

  void yr_scanner_destroy(Pointer scanner);

  void yr_scanner_set_callback(Pointer scanner, ScanCallback callback, @Nullable Pointer userData);

  void yr_scanner_set_timeout(Pointer scanner, int seconds);

  void yr_scanner_set_flags(Pointer scanner, int flags);

  int yr_scanner_define_string_variable(Pointer scanner, String identifier, byte[] value);

  /** Scans a Java array (JNA hands libyara a native copy for the call). */
  int yr_scanner_scan_mem(Pointer scanner, byte[] buffer, long size);

  /** Scans native memory (files too large to read into the heap). */
  int yr_scanner_scan_mem(Pointer scanner, Pointer buffer, long size);

  /** {@code YR_COMPILER_CALLBACK_FUNC}: one call per error or warning. */
  interface CompilerCallback extends Callback {
    void invoke(
        int errorLevel,
        @Nullable Pointer fileName,
        int lineNumber,
        @Nullable Pointer rule,
        @Nullable Pointer message,
        @Nullable Pointer userData);
  }

  /** {@code YR_COMPILER_INCLUDE_CALLBACK_FUNC}: the source of an included file, or null. */
  interface IncludeCallback extends Callback {
    @Nullable Pointer invoke(
        Pointer includeName,
        @Nullable Pointer callingRuleFileName,
        @Nullable Pointer callingRuleNamespace,
        @Nullable Pointer userData);
  }

  /** {@code YR_COMPILER_INCLUDE_FREE_FUNC}: libyara is done with an included source. */
  interface IncludeFree extends Callback {
    void invoke(Pointer includedRules, @Nullable Pointer userData);
  }

  /** {@code YR_CALLBACK_FUNC}: a rule matched (and other scan events). */
  interface ScanCallback extends Callback {
    int invoke(
        Pointer context, int message, @Nullable Pointer messageData, @Nullable Pointer userData);
  }
}
