package dev.mimamori.scan.yara;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One {@code YR_COMPILER}: collects libyara's errors and warnings with file, line and rule, and
 * resolves {@code include} statements relative to the including file. One thread at a time.
 *
 * <p>libyara asserts (aborting the whole process) when a compiler that already refused a source is
 * given another, so a compiler that failed once refuses further use here: callers throw it away and
 * start a fresh one.
 */
final class RuleCompiler implements AutoCloseable {
  /**
   * The external variables LOKI, THOR and the rule sets written for them use. Rules referring to
   * them fail with "undefined identifier" unless they are defined before compiling.
   */
  static final List<String> EXTERNALS =
      List.of("filename", "filepath", "extension", "filetype", "owner");

  private static final String UTF_8 = StandardCharsets.UTF_8.name();

  private final LibYara lib;
  private final RuleLayout layout;
  private final Pointer handle;
  private final List<RuleError> errors = new ArrayList<>();
  private final List<RuleError> warnings = new ArrayList<>();

  /** Include names as libyara passes them back (in callbacks and messages) → files read. */
  private final Map<String, Path> included = new HashMap<>();

  /** Included sources handed to libyara, kept alive until it says it is done with them. */
  private final Map<Long, Memory> lent = new HashMap<>();

  // JNA frees a callback's native stub when its Java object is collected: hold them here.
  private final LibYara.CompilerCallback onMessage = this::onMessage;
  private final LibYara.IncludeCallback onInclude = this::onInclude;
  private final LibYara.IncludeFree onFree = this::onFree;

  private String fileName = "<string>";
  private @Nullable Path directory;
  private @Nullable String lastTopLevelInclude;
  private boolean failed;
  private boolean closed;

  RuleCompiler(LibYara lib, RuleLayout layout) {
    this.lib = lib;
    this.layout = layout;
    PointerByReference ref = new PointerByReference();
    Yara.check(lib.yr_compiler_create(ref), "yr_compiler_create");
    this.handle = ref.getValue();
    lib.yr_compiler_set_callback(handle, onMessage, null);
    lib.yr_compiler_set_include_callback(handle, onInclude, onFree, null);
    for (String name : EXTERNALS) {
      Yara.check(
          lib.yr_compiler_define_string_variable(handle, name, ""),
          "yr_compiler_define_string_variable");
    }
  }

  /**
   * Compiles {@code source} (the bytes of {@code file}, or a changed copy with the same line
   * numbers) into {@code namespace}. Returns false when libyara refused it; {@link #errors} then
   * says why and this compiler may not be used again.
   */
  boolean add(byte[] source, String namespace, @Nullable Path file) {
    if (failed || closed) {
      throw new IllegalStateException("a compiler that refused a source cannot take another");
    }
    fileName = file == null ? "<string>" : file.toString();
    directory = file == null ? null : file.toAbsolutePath().getParent();
    lastTopLevelInclude = null;
    int before = errors.size();
    int count =
        lib.yr_compiler_add_string(handle, Arrays.copyOf(source, source.length + 1), namespace);
    if (count == 0) {
      return true;
    }
    failed = true;
    if (errors.size() == before) {
      errors.add(new RuleError(fileName, 0, null, "refused by libyara without a message"));
    }
    return false;
  }

  List<RuleError> errors() {
    return List.copyOf(errors);
  }

  List<RuleError> warnings() {
    return List.copyOf(warnings);
  }

  /** The top-level {@code include} being compiled when the last error happened, if any. */
  @Nullable String lastTopLevelInclude() {
    return lastTopLevelInclude;
  }

  /** The compiled {@code YR_RULES*}; the caller destroys it. No more sources after this. */
  Pointer rules() {
    if (failed) {
      throw new IllegalStateException("the compiler refused a source");
    }
    PointerByReference ref = new PointerByReference();
    Yara.check(lib.yr_compiler_get_rules(handle, ref), "yr_compiler_get_rules");
    failed = true; // libyara asserts on yr_compiler_add_* after yr_compiler_get_rules too
    return ref.getValue();
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      lib.yr_compiler_destroy(handle);
      lent.values().forEach(Memory::close);
      lent.clear();
    }
  }

  // Callbacks run on the compiling thread, inside yr_compiler_add_string. An exception must not
  // cross back into C (JNA would swallow it and libyara would go on with a bogus answer), so each
  // catches what it can and answers conservatively.

  private void onMessage(
      int level,
      @Nullable Pointer file,
      int line,
      @Nullable Pointer rule,
      @Nullable Pointer message,
      @Nullable Pointer userData) {
    try {
      String text = message == null ? "error" : message.getString(0, UTF_8);
      String where = fileName;
      if (file != null) {
        String name = file.getString(0, UTF_8);
        Path path = included.get(name);
        where = path != null ? path.toString() : name;
      }
      String ruleName = rule == null ? null : layout.identifier(rule);
      RuleError e = new RuleError(where, line, ruleName, text);
      if (level == LibYara.YARA_ERROR_LEVEL_WARNING) {
        warnings.add(e);
      } else {
        errors.add(e);
      }
    } catch (RuntimeException e) {
      errors.add(new RuleError(fileName, line, null, "unreadable libyara message: " + e));
    }
  }

  private @Nullable Pointer onInclude(
      Pointer includeName,
      @Nullable Pointer callingFile,
      @Nullable Pointer callingNamespace,
      @Nullable Pointer userData) {
    try {
      String name = includeName.getString(0, UTF_8);
      Path base = directory;
      if (callingFile != null) {
        Path caller = included.get(callingFile.getString(0, UTF_8));
        if (caller != null) {
          base = caller.getParent();
        }
      } else {
        lastTopLevelInclude = name;
      }
      Path target = (base == null ? Path.of(name) : base.resolve(name)).normalize();
      byte[] bytes = Files.readAllBytes(target);
      Memory m = new Memory(bytes.length + 1L);
      m.write(0, bytes, 0, bytes.length);
      m.setByte(bytes.length, (byte) 0);
      lent.put(Pointer.nativeValue(m), m);
      included.put(name, target);
      return m;
    } catch (IOException | RuntimeException e) {
      return null; // libyara reports "can't open include file" at the include's line
    }
  }

  private void onFree(Pointer source, @Nullable Pointer userData) {
    Memory m = lent.remove(Pointer.nativeValue(source));
    if (m != null) {
      m.close();
    }
  }
}
