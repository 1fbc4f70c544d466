package dev.mimamori.scan.heuristics.php;

import dev.mimamori.scan.heuristics.php.ConstantFolder.Tok;
import dev.mimamori.scan.heuristics.php.PhpFacts.Chain;
import dev.mimamori.scan.heuristics.php.PhpFacts.DynamicCall;
import dev.mimamori.scan.heuristics.php.PhpFacts.DynamicKind;
import dev.mimamori.scan.heuristics.php.PhpFacts.Flow;
import dev.mimamori.scan.heuristics.php.PhpLexer.Kind;
import dev.mimamori.scan.heuristics.text.Latin1;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Follows request data through one PHP file in a single pass over its tokens: which call each
 * parenthesis belongs to (a stack of frames), which variables hold request data, decoded data, a
 * function parameter or a constant function name (per function scope), and where such a value
 * reaches a sink. Nothing is resolved across files and branches are not told apart: a variable
 * holds what was last assigned to it in reading order, which is how web shells are written.
 *
 * <p>Every structure is capped (frames, scopes, variables, assignments), so the cost is linear in
 * the file and the memory bounded whatever the input. A file that defines functions is read twice:
 * the first pass learns which functions pass a parameter to a sink ({@code function ex($c) {
 * system($c); }}), the second treats calls of them as sinks.
 */
public final class PhpFlow {
  static final int REQUEST = 1;

  /**
   * Request data not passed through any function on the way (for include: "through one variable").
   */
  static final int DIRECT = 2;

  static final int DECODED = 4;
  static final int PARAM = 8;

  /** Session data: set by the server, but where staged shells (Godzilla) keep their payload. */
  static final int SESSION = 16;

  /** A variable the file never assigns: a form field under register_globals. */
  static final int GLOBAL = 32;

  /**
   * Request data that went through a check or an encoder: no code, but still the visitor's data.
   */
  static final int DATA = 64;

  private static final int MAX_FRAMES = 512;
  private static final int MAX_PASSES = 3;
  private static final int REGISTER_GLOBALS_MAX = 256 * 1024;
  private static final double REGISTER_GLOBALS_TEXT = 0.97;
  private static final int MAX_SCOPES = 64;
  private static final int MAX_VARIABLES = 4096;
  private static final int MAX_ASSIGNMENTS = 8;
  private static final int FOLD_TOKENS = 48;
  private static final int MATCH_SEARCH = 16;
  private static final int STRING_PEEK = 256;

  private static final Set<String> SUPERGLOBALS =
      Set.of(
          "_GET",
          "_POST",
          "_REQUEST",
          "_COOKIE",
          "_FILES",
          "HTTP_RAW_POST_DATA",
          "HTTP_POST_VARS",
          "HTTP_GET_VARS",
          "HTTP_COOKIE_VARS",
          "HTTP_POST_FILES");
  private static final Set<String> PREDEFINED =
      Set.of("this", "GLOBALS", "argv", "argc", "php_errormsg", "http_response_header");
  private static final Set<String> ASSIGN_OPS =
      Set.of("=", ".=", "+=", "-=", "*=", "/=", "??=", "|=", "^=", "&=");
  private static final Set<String> FILE_OPENERS = Set.of("fopen", "file_put_contents", "touch");
  private static final Set<String> IMPORTERS =
      Set.of("extract", "parse_str", "mb_parse_str", "import_request_variables");

  private enum FrameKind {
    GROUP,
    CALL,
    SINK,
    DECODER,
    SANITIZER,
    CALLBACK,
    DYNAMIC,
    PARAMS,
    FOREACH,
    INDEX,
    BLOCK
  }

  /** One open parenthesis, bracket, brace, or an include statement (open char ' '). */
  private static final class Frame {
    char open;
    FrameKind kind = FrameKind.GROUP;
    String name = "";
    @Nullable SinkClass sink;
    int offset;
    int sinkFrame = -1;
    int lastSanitizer = -1;
    int lastWrapper = -1;
    int lastCallback = -1;
    int callbackArg;
    @Nullable SinkClass callbackSink;
    String callbackName = "";
    int argIndex;
    int tokens;
    boolean reported;
    @Nullable List<String> chain;
    int maxLiteral;
    @Nullable String baseVariable;
    boolean functionBody;
    boolean variableVariable;
    boolean afterAs;
    int foreachKinds;

    void reset(char open, FrameKind kind, String name, int offset) {
      this.open = open;
      this.kind = kind;
      this.name = name;
      this.offset = offset;
      sink = null;
      sinkFrame = -1;
      lastSanitizer = -1;
      lastWrapper = -1;
      lastCallback = -1;
      callbackArg = 0;
      callbackSink = null;
      callbackName = "";
      argIndex = 0;
      tokens = 0;
      reported = false;
      chain = null;
      maxLiteral = 0;
      baseVariable = null;
      functionBody = false;
      variableVariable = false;
      afterAs = false;
      foreachKinds = 0;
    }
  }

  /** Variables of one function body (or of the file's top level). */
  private static final class Scope {
    final Map<String, Integer> kinds = new HashMap<>();
    final Map<String, String> constants = new HashMap<>();
    final @Nullable String function;
    @Nullable SinkClass summary;
    boolean importsRequest;

    Scope(@Nullable String function) {
      this.function = function;
    }
  }

  /** An assignment being read: where it started and what its right-hand side held so far. */
  private static final class Assignment {
    final @Nullable String target;
    final boolean merge;
    final int depth;
    int kinds;
    final List<Tok> toks = new ArrayList<>();
    boolean foldable = true;

    Assignment(@Nullable String target, boolean merge, int depth) {
      this.target = target;
      this.merge = merge;
      this.depth = depth;
    }
  }

  private final PhpLexer lexer;
  private final Map<String, SinkClass> summaries;
  private final PhpFacts facts = new PhpFacts();
  private final Frame[] frames = new Frame[MAX_FRAMES];
  private int depth;
  private int overflow;
  private final List<Scope> scopes = new ArrayList<>();
  private final List<Assignment> assignments = new ArrayList<>();

  // The previous two tokens, enough to tell a call, a method call and a definition apart.
  private Kind prevKind = Kind.OPEN_TAG;
  private String prevText = "";
  private Kind prev2Kind = Kind.OPEN_TAG;
  private String prev2Text = "";
  private @Nullable String pendingVariable;
  private int pendingOffset;
  private @Nullable String closedIndexBase;
  private @Nullable String functionName;
  private @Nullable List<String> functionParams;
  private boolean functionPending;
  private String lastString = "";
  // (int)$x: a cast to a scalar type leaves no code in the value
  private boolean castBefore;
  private boolean declaring;
  private boolean pendingCast;
  private static final Set<String> CASTS =
      Set.of("int", "integer", "bool", "boolean", "float", "double");

  private PhpFlow(
      String src,
      boolean startInCode,
      Map<String, SinkClass> summaries,
      @Nullable Set<String> registerGlobals) {
    this.lexer = new PhpLexer(src, startInCode);
    this.summaries = summaries;
    this.registerGlobals = registerGlobals;
    for (int i = 0; i < MAX_FRAMES; i++) {
      frames[i] = new Frame();
    }
    scopes.add(new Scope(null));
  }

  /**
   * Analyses PHP source (a byte string).
   *
   * @param startInCode read from the first byte as PHP, not only inside {@code <?php} tags
   */
  public static PhpFacts analyze(String src, boolean startInCode) {
    PhpFlow pass = new PhpFlow(src, startInCode, Map.of(), null);
    pass.run();
    // register_globals shells are small text files; in an archive or a bundle of many files
    // (.phar, .zip) a variable assigned "elsewhere" is the rule, not a form field.
    boolean smallText =
        src.length() <= REGISTER_GLOBALS_MAX && Latin1.printableRatio(src) > REGISTER_GLOBALS_TEXT;
    Set<String> globals = pass.unassignedInSink && smallText ? pass.assigned : null;
    // Each pass may learn wrappers of the wrappers learned before; three passes follow two levels.
    for (int i = 0; i < MAX_PASSES; i++) {
      boolean learnedMore =
          !pass.learned.isEmpty() && !pass.summaries.keySet().containsAll(pass.learned.keySet());
      if (!learnedMore && (globals == null || pass.registerGlobals != null)) {
        break;
      }
      Map<String, SinkClass> known = new HashMap<>(pass.summaries);
      known.putAll(pass.learned);
      pass = new PhpFlow(src, startInCode, known, globals);
      pass.run();
    }
    return pass.facts;
  }

  private final Map<String, SinkClass> learned = new HashMap<>();

  /** Every variable the file assigns, declares or receives (collected by the first pass). */
  private final Set<String> assigned = new java.util.HashSet<>();

  private final @Nullable Set<String> registerGlobals;
  private boolean unassignedInSink;

  private void run() {
    while (lexer.next() != Kind.END) {
      facts.tokens++;
      Kind kind = lexer.kind();
      String text = textOf(kind);
      if (pendingVariable != null) {
        String variable = pendingVariable;
        pendingVariable = null;
        if (kind == Kind.OP && ASSIGN_OPS.contains(text)) {
          startAssignment(variable, !text.equals("="));
          shift(kind, text);
          continue;
        }
        if (!(kind == Kind.OP && text.equals("("))) {
          // $obj->member is what the object holds: no longer the request value itself
          boolean member =
              kind == Kind.OP && (text.equals("->") || text.equals("?->") || text.equals("::"));
          if (!pendingCast) {
            read(variable, pendingOffset, member);
          }
        }
      }
      if (depth > 0 && depth <= MAX_FRAMES) {
        frames[depth - 1].tokens++;
      }
      recordForFolding(kind, text);
      switch (kind) {
        case OPEN_TAG, CLOSE_TAG -> endStatement();
        case VARIABLE -> variable(text);
        case IDENT -> ident(text);
        case STRING -> string();
        case BACKTICK -> backtick();
        case OP -> op(text);
        default -> {}
      }
      if (!(kind == Kind.OP && text.equals("]"))) {
        closedIndexBase = null; // only the token right after ']' may use it
      }
      castBefore =
          kind == Kind.OP
              && text.equals(")")
              && prevKind == Kind.IDENT
              && CASTS.contains(prevText)
              && prev2Kind == Kind.OP
              && prev2Text.equals("(");
      shift(kind, text);
    }
    if (pendingVariable != null) {
      read(pendingVariable, pendingOffset, false);
    }
    while (depth > 0) {
      pop();
    }
  }

  private String textOf(Kind kind) {
    return switch (kind) {
      case OP -> lexer.op();
      case IDENT -> lexer.identLower();
      case VARIABLE -> lexer.variableName();
      case NUMBER ->
          lexer.source().substring(lexer.start(), Math.min(lexer.end(), lexer.start() + 32));
      default -> "";
    };
  }

  private void shift(Kind kind, String text) {
    prev2Kind = prevKind;
    prev2Text = prevText;
    prevKind = kind;
    prevText = text;
  }

  private Scope scope() {
    return scopes.get(scopes.size() - 1);
  }

  /**
   * The innermost frame kept: past the cap, deeper frames are counted but read as the last one
   * kept.
   */
  private @Nullable Frame top() {
    return depth > 0 ? frames[Math.min(depth, MAX_FRAMES) - 1] : null;
  }

  // ---- tokens ----

  private void variable(String name) {
    Frame top = top();
    if (prevKind == Kind.OP
        && (prevText.equals("->") || prevText.equals("::") || prevText.equals("?->"))) {
      return; // a property, not a variable
    }
    if (prevKind == Kind.OP && prevText.equals("$")) {
      facts.variableVariables++;
    }
    if (top != null && top.kind == FrameKind.PARAMS) {
      if (functionParams != null && functionParams.size() < 16) {
        functionParams.add(name);
        addAssigned(name);
      }
      return;
    }
    if (top != null && top.kind == FrameKind.FOREACH && top.afterAs) {
      setKinds(name, top.foreachKinds);
      return;
    }
    if (declaring
        || top != null
            && top.kind == FrameKind.GROUP
            && (top.name.equals("list") || top.name.equals("catch"))) {
      addAssigned(name);
    }
    pendingVariable = name;
    pendingOffset = lexer.start();
    pendingCast = castBefore;
  }

  private void ident(String name) {
    Frame top = top();
    if (name.equals("as") && top != null && top.kind == FrameKind.FOREACH && !top.afterAs) {
      top.afterAs = true;
      for (int i = assignments.size() - 1; i >= 0; i--) {
        Assignment a = assignments.get(i);
        if (a.target == null && a.depth == depth) {
          top.foreachKinds = a.kinds;
          assignments.remove(i);
        }
      }
      return;
    }
    if (top != null
        && top.kind == FrameKind.CALLBACK
        && top.argIndex == top.callbackArg
        && top.tokens == 1) {
      SinkClass named =
          PhpNames.SINKS.get(name); // call_user_func(assert, ...): a bare name is a string
      if (named != null && named.runsCode()) {
        top.callbackSink = named;
        top.callbackName = name;
      }
    }
    if (PhpNames.INCLUDES.contains(name) && !afterArrow()) {
      Frame f = push(' ', FrameKind.SINK, name, lexer.start());
      if (f != null) {
        f.sink = SinkClass.INCLUDE;
        f.sinkFrame = depth - 1;
        f.lastSanitizer = -1;
        f.lastWrapper = -1;
      }
    }
    if (name.equals("function") || name.equals("fn")) {
      functionPending = true;
      functionName = null;
    }
    if (name.equals("global") || name.equals("static")) {
      declaring = true;
    }
  }

  private boolean afterArrow() {
    return prevKind == Kind.OP
        && (prevText.equals("->") || prevText.equals("::") || prevText.equals("?->"));
  }

  private void string() {
    Frame top = top();
    int length = lexer.rawLength();
    facts.longestLiteral = Math.max(facts.longestLiteral, length);
    int escapes = length >= 16 ? lexer.escapeCount() : 0;
    if (escapes * 4 >= length && length >= 16) {
      facts.escapedLiterals++;
    }
    String peek = lexer.stringValue(STRING_PEEK);
    String lower = Latin1.lower(peek);
    lastString = lower;
    if (lower.startsWith("php://input")) {
      source("php://input", lexer.start());
    }
    if (lower.equals("http_cf_connecting_ip") && facts.cloudflareIp < 0) {
      facts.cloudflareIp = lexer.start();
    }
    if (top != null) {
      stringInFrame(top, lower, length, escapes);
    }
    if (lexer.interpolates()) {
      int at = lexer.start();
      lexer.interpolatedVariables(v -> read(v, at, false));
    }
  }

  private void stringInFrame(Frame top, String lower, int length, int escapes) {
    if (top.sinkFrame >= 0 && top.sinkFrame < MAX_FRAMES) {
      Frame sink = frames[top.sinkFrame];
      sink.maxLiteral = Math.max(sink.maxLiteral, length);
      if (sink.sink == SinkClass.INCLUDE && escapes >= 3 && facts.escapedInclude < 0) {
        facts.escapedInclude = sink.offset;
      }
      if (sink.sink == SinkClass.EVAL && escapes >= 8) {
        addToChain(sink, "escaped string");
      }
    }
    if (top.tokens != 1) {
      return; // only the first token of a frame is a key, a pattern or a callback name
    }
    if (top.kind == FrameKind.INDEX && "_SERVER".equals(top.baseVariable)) {
      String key = lower.toUpperCase(java.util.Locale.ROOT);
      // Host is matched against the server's names before PHP runs; other headers are free text
      if (key.startsWith("HTTP_") && !key.equals("HTTP_HOST")
          || key.equals("QUERY_STRING")
          || key.equals("REQUEST_URI")) {
        source("$_SERVER['" + key + "']", lexer.start());
      }
    } else if (top.kind == FrameKind.INDEX && "GLOBALS".equals(top.baseVariable)
        || top.kind == FrameKind.BLOCK && top.variableVariable) {
      String name = lexer.stringValue(64);
      if (SUPERGLOBALS.contains(name)) {
        source("$" + name, lexer.start());
      } else if (!name.isEmpty()) {
        read(name, lexer.start(), false);
      }
    } else if (top.kind == FrameKind.CALL && top.name.equals("getenv")) {
      if (lower.startsWith("http_") && !lower.equals("http_host")) {
        source("getenv('" + lower + "')", lexer.start());
      }
    } else if (top.kind == FrameKind.CALL && top.name.equals("header")) {
      if (lower.contains("access-control-allow-origin") && lower.contains("*")) {
        facts.corsWildcard = top.offset;
      }
    } else if (top.kind == FrameKind.CALL
        && (top.name.equals("preg_replace") || top.name.equals("preg_filter"))) {
      if (hasEvalModifier(lexer.stringValue(4096))) {
        facts.pregEval++;
        if (facts.pregEvalOffset < 0) {
          facts.pregEvalOffset = top.offset;
        }
        top.kind = FrameKind.SINK;
        top.sink = SinkClass.EVAL;
        top.name = top.name + " /e";
        top.sinkFrame = depth - 1;
      }
    } else if (top.kind == FrameKind.CALLBACK && top.argIndex == top.callbackArg) {
      SinkClass named = PhpNames.SINKS.get(lower.trim());
      if (named != null && named.runsCode()) {
        top.callbackSink = named;
        top.callbackName = lower.trim();
      }
    }
  }

  /** Whether a PCRE pattern ends with modifiers that include {@code e}. */
  static boolean hasEvalModifier(String pattern) {
    String p = pattern.trim();
    if (p.length() < 2) {
      return false;
    }
    char open = p.charAt(0);
    if (Character.isLetterOrDigit(open) || open == '\\') {
      return false;
    }
    char close =
        switch (open) {
          case '(' -> ')';
          case '{' -> '}';
          case '[' -> ']';
          case '<' -> '>';
          default -> open;
        };
    int end = p.lastIndexOf(close);
    if (end <= 0) {
      return false;
    }
    for (int i = end + 1; i < p.length(); i++) {
      char c = p.charAt(i);
      if (!Character.isLetter(c)) {
        return false;
      }
      if (c == 'e') {
        return true;
      }
    }
    return false;
  }

  private void backtick() {
    int at = lexer.start();
    boolean[] variables = {false};
    Frame f = push('`', FrameKind.SINK, "backticks", at);
    if (f != null) {
      f.sink = SinkClass.COMMAND;
      f.sinkFrame = depth - 1;
    }
    lexer.interpolatedVariables(
        v -> {
          variables[0] = true;
          read(v, at, false);
        });
    if (f != null) {
      pop();
    }
    if (variables[0] && facts.backtickWithVariable < 0) {
      facts.backtickWithVariable = at;
    }
    facts.apiCounts.merge("backticks", 1, Integer::sum);
  }

  private void op(String op) {
    switch (op) {
      case "(" -> openParen();
      case "[" -> {
        String base = prevKind == Kind.VARIABLE ? prevText : closedIndexBase;
        Frame f = push('[', FrameKind.INDEX, "", lexer.start());
        if (f != null) {
          f.baseVariable = base;
          if (base != null && isLookup(base)) {
            f.lastSanitizer = depth - 1; // $table[$_GET['k']] is a value of the table, not the key
          }
        }
      }
      case "{" -> openBrace();
      case ")", "]", "}" -> close(op.charAt(0));
      case ";" -> {
        endStatement();
        functionPending = false;
        declaring = false;
      }
      case "," -> {
        endAssignments(depth);
        Frame top = top();
        if (top != null) {
          top.argIndex++;
        }
      }
      case "=>" -> functionPending = false;
      default -> {
        if (ASSIGN_OPS.contains(op)
            && prevKind == Kind.OP
            && prevText.equals("]")
            && closedIndexBase != null) {
          if (!SUPERGLOBALS.contains(closedIndexBase)) {
            startAssignment(closedIndexBase, true);
          }
        }
      }
    }
  }

  private boolean isLookup(String base) {
    return !SUPERGLOBALS.contains(base)
        && !base.equals("_SERVER")
        && !base.equals("GLOBALS")
        && (kinds(base) & REQUEST) == 0;
  }

  private void openBrace() {
    if (prevKind == Kind.OP && prevText.equals("$")) {
      Frame f = push('{', FrameKind.BLOCK, "", lexer.start());
      if (f != null) {
        f.variableVariable = true;
      }
      return;
    }
    if (functionPending && functionParams != null) {
      Scope outer = scope();
      Frame f = push('{', FrameKind.BLOCK, "", lexer.start());
      if (f != null) {
        f.functionBody = true;
        f.sinkFrame = -1;
        f.lastSanitizer = -1;
        f.lastWrapper = -1;
        f.lastCallback = -1;
        if (scopes.size() < MAX_SCOPES) {
          Scope s = new Scope(functionName);
          for (String p : functionParams) {
            Integer outerKinds = outer.kinds.get(p);
            s.kinds.put(p, PARAM | (outerKinds == null ? 0 : outerKinds));
          }
          scopes.add(s);
        }
      }
      functionPending = false;
      functionParams = null;
      return;
    }
    functionPending = false;
    push('{', FrameKind.BLOCK, "", lexer.start());
  }

  private void openParen() {
    int at = lexer.start();
    if (prevKind == Kind.IDENT) {
      openCall(prevText, at);
    } else if (prevKind == Kind.VARIABLE && pendingVariableWasCallee()) {
      openVariableCall(prevText, at);
    } else if (prevKind == Kind.OP && prevText.equals("]") && closedIndexBase != null) {
      String base = closedIndexBase;
      boolean request =
          SUPERGLOBALS.contains(base) || (kinds(base) & (REQUEST | DIRECT)) == (REQUEST | DIRECT);
      if (request) {
        facts.add(new DynamicCall(DynamicKind.REQUEST_CALLEE, "$" + base + "[...]", at));
      }
      openDynamic("$" + base + "[...]", at, request);
    } else if (prevKind == Kind.STRING) {
      String callee = lastString.trim();
      SinkClass sink = PhpNames.SINKS.get(callee);
      if (sink != null) {
        facts.add(new DynamicCall(DynamicKind.DECODED_CALLEE, "'" + callee + "'", at));
        openSink("'" + callee + "'", sink, at);
      } else {
        openDynamic("'" + callee + "'", at, false);
      }
    } else if (prevKind == Kind.OP && prevText.equals(")") && prev2Kind != Kind.IDENT) {
      openDynamic("(...)", at, false);
    } else {
      push('(', FrameKind.GROUP, "", at);
    }
  }

  private boolean pendingVariableWasCallee() {
    return !(prev2Kind == Kind.OP
        && (prev2Text.equals("->") || prev2Text.equals("::") || prev2Text.equals("?->")));
  }

  private void openCall(String name, int at) {
    boolean method =
        prev2Kind == Kind.OP
            && (prev2Text.equals("->") || prev2Text.equals("::") || prev2Text.equals("?->"));
    // 'function name(', 'function &name(' and closures: the parenthesis holds parameters
    if (functionPending && functionParams == null && !name.equals("use")
        || name.equals("function")
        || name.equals("fn")) {
      push('(', FrameKind.PARAMS, name, at);
      functionName = name.equals("function") || name.equals("fn") ? null : name;
      functionParams = new ArrayList<>();
      functionPending = true;
      return;
    }
    if (name.equals("use") && functionPending) {
      push('(', FrameKind.PARAMS, name, at);
      return;
    }
    boolean constructor = prev2Kind == Kind.IDENT && prev2Text.equals("new");
    SinkClass learnedSink = summaries.get(name);
    if (learnedSink != null && !constructor) {
      openSink(name, learnedSink, at);
      return;
    }
    if (method) {
      Frame f = push('(', FrameKind.CALL, name, at);
      if (f != null) {
        f.lastWrapper = depth - 1;
      }
      return;
    }
    if (PhpNames.NOT_CALLS.contains(name) || PhpNames.INCLUDES.contains(name)) {
      Frame f = push('(', name.equals("foreach") ? FrameKind.FOREACH : FrameKind.GROUP, name, at);
      if (f != null && f.kind == FrameKind.FOREACH && assignments.size() < MAX_ASSIGNMENTS) {
        assignments.add(new Assignment(null, false, depth));
      }
      return;
    }
    if (PhpNames.SHELL_APIS.contains(name)) {
      facts.apiCounts.merge(name, 1, Integer::sum);
    }
    SinkClass sink = PhpNames.SINKS.get(name);
    Integer callbackArg = PhpNames.CALLBACKS.get(name);
    if (sink != null && !constructor) {
      openSink(name, sink, at);
    } else if (callbackArg != null) {
      Frame f = push('(', FrameKind.CALLBACK, name, at);
      if (f != null) {
        f.callbackArg = callbackArg;
        f.lastCallback = depth - 1;
        SinkClass invoked = summaries.get("__invoke");
        if (invoked != null) {
          f.callbackSink = invoked; // an object whose __invoke runs its argument
          f.callbackName = "__invoke";
        }
      }
    } else if (PhpNames.DECODERS.contains(name)) {
      openDecoder(name, at);
    } else if (PhpNames.SANITIZERS.contains(name)
        || name.startsWith("is_")
        || name.startsWith("ctype_")) {
      Frame f = push('(', FrameKind.SANITIZER, name, at);
      if (f != null) {
        f.lastSanitizer = depth - 1;
      }
    } else {
      Frame f = push('(', FrameKind.CALL, name, at);
      if (f != null) {
        f.lastWrapper = depth - 1;
      }
    }
  }

  private void openSink(String name, SinkClass sink, int at) {
    Frame f = push('(', FrameKind.SINK, name, at);
    if (f != null) {
      f.sink = sink;
      f.sinkFrame = depth - 1;
      f.lastSanitizer = -1;
      f.lastWrapper = -1;
    }
  }

  private void openDecoder(String name, int at) {
    Frame parent = top();
    if (parent != null
        && parent.argIndex == 0
        && FILE_OPENERS.contains(parent.name)
        && facts.obfuscatedFileName < 0) {
      facts.obfuscatedFileName = parent.offset;
    }
    if (parent != null && parent.sinkFrame >= 0 && parent.sinkFrame < MAX_FRAMES) {
      Frame sink = frames[parent.sinkFrame];
      if (sink.sink != SinkClass.WRITE) {
        addToChain(sink, name);
      }
    }
    for (Assignment a : assignments) {
      a.kinds |= DECODED;
    }
    push('(', FrameKind.DECODER, name, at);
  }

  private void addToChain(Frame sink, String name) {
    if (sink.chain == null) {
      sink.chain = new ArrayList<>(4);
    }
    if (sink.chain.size() < 8) {
      sink.chain.add(name);
    }
  }

  private void openVariableCall(String variable, int at) {
    if (prev2Kind == Kind.IDENT && prev2Text.equals("new")) {
      push('(', FrameKind.GROUP, "new", at); // instantiation of a class named by a value
      return;
    }
    Scope s = scope();
    String constant = s.constants.get(variable);
    String alias = constant == null ? null : Latin1.lower(constant.trim());
    int k = kinds(variable);
    SinkClass sink = alias == null ? null : PhpNames.SINKS.get(alias);
    if (alias != null && PhpNames.CALLBACKS.containsKey(alias)) {
      Frame f = push('(', FrameKind.CALLBACK, "$" + variable + "='" + alias + "'", at);
      if (f != null) {
        f.callbackArg = PhpNames.CALLBACKS.get(alias);
        f.lastCallback = depth - 1;
      }
      facts.add(
          new DynamicCall(DynamicKind.DECODED_CALLEE, "$" + variable + "='" + alias + "'", at));
      return;
    }
    if (sink != null) {
      facts.add(
          new DynamicCall(DynamicKind.DECODED_CALLEE, "$" + variable + "='" + alias + "'", at));
      openSink("$" + variable + "='" + alias + "'", sink, at);
      return;
    }
    if (alias != null && PhpNames.DECODERS.contains(alias)) {
      openDecoder(alias, at);
      return;
    }
    boolean request = (k & (REQUEST | DIRECT)) == (REQUEST | DIRECT);
    if (request) {
      facts.add(new DynamicCall(DynamicKind.REQUEST_CALLEE, "$" + variable, at));
    } else if ((k & DECODED) != 0) {
      facts.add(new DynamicCall(DynamicKind.DECODED_CALLEE, "$" + variable, at));
    }
    openDynamic("$" + variable, at, request);
  }

  private void openDynamic(String callee, int at, boolean alreadyReported) {
    if (!alreadyReported) {
      facts.dynamicCallCount++;
    }
    Frame f = push('(', FrameKind.DYNAMIC, callee, at);
    if (f != null) {
      f.sinkFrame = depth - 1;
      f.lastSanitizer = -1;
      f.lastWrapper = -1;
      f.reported = alreadyReported;
    }
  }

  // ---- frames ----

  private @Nullable Frame push(char open, FrameKind kind, String name, int offset) {
    if (depth >= MAX_FRAMES) {
      overflow++;
      depth++;
      return null;
    }
    Frame parent = top();
    Frame f = frames[depth];
    f.reset(open, kind, name, offset);
    if (parent != null) {
      f.sinkFrame = parent.sinkFrame;
      f.lastSanitizer = parent.lastSanitizer;
      f.lastWrapper = parent.lastWrapper;
      f.lastCallback = parent.lastCallback;
    }
    depth++;
    return f;
  }

  private void close(char closer) {
    char open = closer == ')' ? '(' : closer == ']' ? '[' : '{';
    if (depth > MAX_FRAMES) {
      depth--;
      overflow--;
      return;
    }
    // Find the frame this closer matches; stray closers in broken code are dropped.
    int match = -1;
    for (int i = depth - 1; i >= 0 && i >= depth - MATCH_SEARCH; i--) {
      if (frames[i].open == open) {
        match = i;
        break;
      }
    }
    if (match < 0) {
      return;
    }
    while (depth > match + 1) {
      pop();
    }
    Frame f = frames[depth - 1];
    String base = f.kind == FrameKind.INDEX ? f.baseVariable : null;
    boolean params = f.kind == FrameKind.PARAMS && !f.name.equals("use");
    pop();
    closedIndexBase = base;
    if (params) {
      functionPending = true;
    }
  }

  private void pop() {
    if (depth > MAX_FRAMES) {
      depth--;
      overflow--;
      return;
    }
    Frame f = frames[depth - 1];
    depth--;
    endAssignments(depth + 1);
    if (f.kind == FrameKind.SINK && f.chain != null && f.sink != null) {
      facts.add(new Chain(f.name, List.copyOf(f.chain), f.maxLiteral, f.offset));
    }
    if (f.kind == FrameKind.DYNAMIC && f.chain != null) {
      facts.add(new Chain(f.name, List.copyOf(f.chain), f.maxLiteral, f.offset));
    }
    if (f.functionBody && scopes.size() > 1) {
      Scope s = scopes.remove(scopes.size() - 1);
      if (s.summary != null && s.function != null) {
        learned.put(s.function, s.summary);
      }
    }
  }

  private void endStatement() {
    while (depth > 0 && depth <= MAX_FRAMES && frames[depth - 1].open == ' ') {
      pop();
    }
    endAssignments(depth);
  }

  // ---- assignments ----

  private void startAssignment(String variable, boolean merge) {
    if (assignments.size() < MAX_ASSIGNMENTS) {
      assignments.add(new Assignment(variable, merge, depth));
    }
  }

  private void recordForFolding(Kind kind, String text) {
    for (Assignment a : assignments) {
      if (!a.foldable) {
        continue;
      }
      if (a.toks.size() >= FOLD_TOKENS || kind == Kind.BACKTICK) {
        a.foldable = false;
      } else if (kind == Kind.STRING) {
        a.toks.add(new Tok(kind, lexer.stringValue(ConstantFolder.MAX_VALUE)));
      } else if (kind != Kind.OP || !(text.equals(";") || text.equals(",") && depth == a.depth)) {
        a.toks.add(new Tok(kind, text));
      }
    }
  }

  /** Ends the assignments started at this depth or deeper: their right-hand side is complete. */
  private void endAssignments(int atDepth) {
    for (int i = assignments.size() - 1; i >= 0; i--) {
      Assignment a = assignments.get(i);
      if (a.depth < atDepth) {
        continue;
      }
      assignments.remove(i);
      if (a.target == null) {
        continue;
      }
      Scope s = scope();
      String folded =
          a.foldable && !a.toks.isEmpty() && !a.merge
              ? ConstantFolder.fold(trimmed(a.toks), s.constants)
              : null;
      if (a.merge) {
        int before = s.kinds.getOrDefault(a.target, 0);
        setKinds(a.target, before | a.kinds);
        s.constants.remove(a.target);
      } else {
        setKinds(a.target, a.kinds);
        if (folded != null && s.constants.size() < MAX_VARIABLES) {
          s.constants.put(a.target, folded);
        } else {
          s.constants.remove(a.target);
        }
      }
    }
  }

  private static List<Tok> trimmed(List<Tok> toks) {
    int end = toks.size();
    while (end > 0 && toks.get(end - 1).kind() == Kind.OP && toks.get(end - 1).text().equals(")")) {
      // a closing parenthesis of the enclosing call ended the assignment; keep balanced ones
      int open = 0;
      for (int i = 0; i < end; i++) {
        Tok t = toks.get(i);
        if (t.kind() == Kind.OP && t.text().equals("(")) {
          open++;
        } else if (t.kind() == Kind.OP && t.text().equals(")")) {
          open--;
        }
      }
      if (open >= 0) {
        break;
      }
      end--;
    }
    return toks.subList(0, end);
  }

  private void addAssigned(String variable) {
    if (assigned.size() < MAX_VARIABLES) {
      assigned.add(variable);
    }
  }

  private void setKinds(String variable, int k) {
    addAssigned(variable);
    Scope s = scope();
    if (k == 0) {
      s.kinds.remove(variable);
    } else if (s.kinds.size() < MAX_VARIABLES || s.kinds.containsKey(variable)) {
      s.kinds.put(variable, k);
    }
  }

  private int kinds(String variable) {
    Scope s = scope();
    Integer k = s.kinds.get(variable);
    if (k != null) {
      return k;
    }
    if (s.importsRequest && !variable.equals("this")) {
      return REQUEST | DIRECT;
    }
    // Old shells read form fields as globals (register_globals): a variable that nothing in the
    // file assigns, read at top level, is request data to them.
    if (registerGlobals != null
        && s.function == null
        && !registerGlobals.contains(variable)
        && !PREDEFINED.contains(variable)
        && !variable.startsWith("_")) {
      return REQUEST | DIRECT | GLOBAL;
    }
    return 0;
  }

  // ---- data events ----

  /** Request data appears here (a superglobal, php://input, a request header). */
  private void source(String name, int offset) {
    Frame top = top();
    Frame importer =
        depth >= 2 && depth <= MAX_FRAMES && top != null && top.kind == FrameKind.INDEX
            ? frames[depth - 2]
            : top;
    if (importer != null && importer.kind == FrameKind.CALL && IMPORTERS.contains(importer.name)) {
      if (facts.extractRequest < 0) {
        facts.extractRequest = importer.offset;
      }
      scope().importsRequest = true;
    }
    flowTo(REQUEST | DIRECT, name, false, offset);
  }

  /** A variable is read here ({@code member}: only a property or method of it). */
  private void read(String variable, int offset, boolean member) {
    if (SUPERGLOBALS.contains(variable)) {
      source("$" + variable, offset);
      return;
    }
    if (variable.equals("_SESSION")) {
      flowTo(SESSION, "$_SESSION", false, offset);
      return;
    }
    int k = kinds(variable) & (member ? ~DIRECT : ~0);
    if (k == 0 && registerGlobals == null && inCodeSink()) {
      unassignedInSink = true; // decided after the pass, when every assignment is known
    }
    if (k != 0) {
      String name =
          (k & GLOBAL) != 0
              ? "$" + variable + " (never assigned: a register_globals field)"
              : "$" + variable;
      flowTo(k, name, true, offset);
    }
  }

  private boolean inCodeSink() {
    Frame top = top();
    if (top == null || top.sinkFrame < 0 || top.sinkFrame >= MAX_FRAMES) {
      return false;
    }
    SinkClass sink = frames[top.sinkFrame].sink;
    return sink == SinkClass.EVAL || sink == SinkClass.COMMAND;
  }

  private void flowTo(int k, String source, boolean viaVariable, int offset) {
    Frame top = top();
    int sanitizer = top == null ? -1 : top.lastSanitizer;
    int wrapper = top == null ? -1 : top.lastWrapper;
    for (Assignment a : assignments) {
      int add = k & (DECODED | PARAM | REQUEST | DIRECT | SESSION | DATA);
      if (sanitizer >= a.depth) {
        add = (add & ~(REQUEST | DIRECT | PARAM | SESSION)) | ((k & REQUEST) != 0 ? DATA : 0);
      }
      if (wrapper >= a.depth) {
        add &= ~DIRECT;
      }
      a.kinds |= add;
    }
    if (top == null) {
      return;
    }
    if (top.sinkFrame >= 0 && top.sinkFrame < MAX_FRAMES) {
      Frame sink = frames[top.sinkFrame];
      if (sanitizer <= top.sinkFrame) {
        sinkReached(sink, k, source, viaVariable, wrapper > top.sinkFrame);
      } else if (sink.sink == SinkClass.WRITE && (k & REQUEST) != 0) {
        sinkReached(
            sink, k | DATA, source, viaVariable, true); // json_encode($_POST) is still stolen data
      }
    }
    if (top.lastCallback >= 0 && top.lastCallback < MAX_FRAMES && sanitizer <= top.lastCallback) {
      callbackReached(frames[top.lastCallback], k, source, viaVariable, wrapper > top.lastCallback);
    }
  }

  private void sinkReached(Frame sink, int k, String source, boolean viaVariable, boolean wrapped) {
    if ((k & PARAM) != 0
        && sink.sink != null
        && sink.sink != SinkClass.WRITE
        && sink.sink != SinkClass.INCLUDE) {
      Scope s = scope();
      if (s.function != null && s.summary == null) {
        s.summary = sink.sink;
      }
    }
    if ((k & DECODED) != 0 && viaVariable && sink.sink == SinkClass.EVAL) {
      addToChain(sink, source);
    }
    boolean codeSink = sink.sink == SinkClass.EVAL || sink.sink == SinkClass.COMMAND;
    if ((k & GLOBAL) != 0 && !codeSink) {
      return;
    }
    boolean session = (k & SESSION) != 0 && codeSink;
    boolean data = (k & DATA) != 0 && sink.sink == SinkClass.WRITE;
    if ((k & REQUEST) == 0 && !session && !data || sink.reported) {
      return;
    }
    if (sink.sink == SinkClass.UPLOAD && (sink.argIndex != 1 || (k & DIRECT) == 0 || wrapped)) {
      return; // the temporary name is always request data; only a destination chosen by it counts
    }
    if (sink.sink == SinkClass.INCLUDE && (wrapped || viaVariable && (k & DIRECT) == 0)) {
      return; // include of a path built by functions: too common in applications to call a shell
    }
    if (sink.kind == FrameKind.DYNAMIC && ((k & DIRECT) == 0 || wrapped)) {
      return; // a callback handed processed request data: how applications dispatch
    }
    sink.reported = true;
    if (sink.kind == FrameKind.DYNAMIC) {
      facts.add(new DynamicCall(DynamicKind.REQUEST_ARGUMENTS, sink.name, sink.offset));
    } else if (sink.sink != null) {
      facts.add(new Flow(sink.sink, sink.name, source, viaVariable, sink.offset));
    }
  }

  private void callbackReached(
      Frame callback, int k, String source, boolean viaVariable, boolean wrapped) {
    if ((k & REQUEST) == 0 || callback.reported) {
      return;
    }
    if (callback.callbackSink != null) {
      callback.reported = true;
      facts.add(
          new Flow(
              callback.callbackSink,
              callback.name + "('" + callback.callbackName + "')",
              source,
              viaVariable,
              callback.offset));
    } else if (callback.argIndex == callback.callbackArg && (k & DIRECT) != 0 && !wrapped) {
      callback.reported = true;
      facts.add(new Flow(SinkClass.CALLBACK, callback.name, source, viaVariable, callback.offset));
    }
  }
}
