package dev.mimamori.scan.heuristics.js;

import dev.mimamori.scan.heuristics.js.JsFacts.Exfil;
import dev.mimamori.scan.heuristics.text.Decoding;
import dev.mimamori.scan.heuristics.text.KeywordSet;
import dev.mimamori.scan.heuristics.text.Latin1;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a script once, token by token, and notes what a skimmer needs: card fields, a way out
 * (image beacon, XHR, fetch, sendBeacon, WebSocket, an injected script), encoders, triggers,
 * absolute URLs, and the obfuscation it hides behind. Payloads it can decode without running
 * anything (base64, {@code String.fromCharCode} lists, percent escapes, reversed strings) are read
 * as scripts of their own, within a budget proportional to the input.
 */
public final class JsAnalyzer {
  private enum Category {
    CARD_NUMBER,
    CARD_SECURITY,
    CARD_EXPIRY,
    CREDENTIAL,
    ENCODER,
    TRIGGER,
    XHR,
    SEND_BEACON,
    WEBSOCKET
  }

  private static final Map<String, Category> KEYWORDS =
      Map.ofEntries(
          Map.entry("cc_number", Category.CARD_NUMBER),
          Map.entry("cc_num", Category.CARD_NUMBER),
          Map.entry("ccnum", Category.CARD_NUMBER),
          Map.entry("cc-number", Category.CARD_NUMBER),
          Map.entry("cc-num", Category.CARD_NUMBER),
          Map.entry("cardnumber", Category.CARD_NUMBER),
          Map.entry("card_number", Category.CARD_NUMBER),
          Map.entry("card-number", Category.CARD_NUMBER),
          Map.entry("cardnum", Category.CARD_NUMBER),
          Map.entry("card_num", Category.CARD_NUMBER),
          Map.entry("card_no", Category.CARD_NUMBER),
          Map.entry("cardno", Category.CARD_NUMBER),
          Map.entry("creditcard", Category.CARD_NUMBER),
          Map.entry("credit_card", Category.CARD_NUMBER),
          Map.entry("card[number]", Category.CARD_NUMBER),
          Map.entry("カード番号", Category.CARD_NUMBER),
          Map.entry("cvv", Category.CARD_SECURITY),
          Map.entry("cvc", Category.CARD_SECURITY),
          Map.entry("cc_cid", Category.CARD_SECURITY),
          Map.entry("securitycode", Category.CARD_SECURITY),
          Map.entry("security_code", Category.CARD_SECURITY),
          Map.entry("card_code", Category.CARD_SECURITY),
          Map.entry("セキュリティコード", Category.CARD_SECURITY),
          Map.entry("cc_exp", Category.CARD_EXPIRY),
          Map.entry("exp_month", Category.CARD_EXPIRY),
          Map.entry("exp_year", Category.CARD_EXPIRY),
          Map.entry("expmonth", Category.CARD_EXPIRY),
          Map.entry("expyear", Category.CARD_EXPIRY),
          Map.entry("expiry", Category.CARD_EXPIRY),
          Map.entry("expiration", Category.CARD_EXPIRY),
          Map.entry("exp_date", Category.CARD_EXPIRY),
          Map.entry("expire_month", Category.CARD_EXPIRY),
          Map.entry("expire_year", Category.CARD_EXPIRY),
          Map.entry("有効期限", Category.CARD_EXPIRY),
          Map.entry("password", Category.CREDENTIAL),
          Map.entry("passwd", Category.CREDENTIAL),
          Map.entry("btoa", Category.ENCODER),
          Map.entry("base64", Category.ENCODER),
          Map.entry("submit", Category.TRIGGER),
          Map.entry("onclick", Category.TRIGGER),
          Map.entry("click", Category.TRIGGER),
          Map.entry("addeventlistener", Category.TRIGGER),
          Map.entry("onchange", Category.TRIGGER),
          Map.entry("blur", Category.TRIGGER),
          Map.entry("keyup", Category.TRIGGER),
          Map.entry("mouseup", Category.TRIGGER),
          Map.entry("beforeunload", Category.TRIGGER),
          Map.entry("xmlhttprequest", Category.XHR),
          Map.entry("sendbeacon", Category.SEND_BEACON),
          Map.entry("websocket", Category.WEBSOCKET));

  private static final List<String> KEYWORD_LIST = List.copyOf(KEYWORDS.keySet());
  private static final KeywordSet MATCHER = KeywordSet.of(KEYWORD_LIST);
  private static final Category[] CATEGORY_OF = new Category[KEYWORD_LIST.size()];

  static {
    for (int i = 0; i < KEYWORD_LIST.size(); i++) {
      CATEGORY_OF[i] = KEYWORDS.get(KEYWORD_LIST.get(i));
    }
  }

  /**
   * Calls that run a string as code (document.write is weaker: the old analytics snippet uses it).
   */
  private static final Set<String> EVALUATORS = Set.of("eval", "function", "execscript");

  private static final Set<String> WRITERS = Set.of("write", "writeln");
  private static final Set<String> DECODERS =
      Set.of("atob", "unescape", "decodeuricomponent", "fromcharcode", "decodeuri");
  private static final Set<String> LIBRARIES =
      Set.of(
          "jquery",
          "bootstrap",
          "google analytics",
          "react",
          "angular",
          "vue",
          "lodash",
          "modernizr",
          "prototype",
          "moment",
          "swiper",
          "slick");
  private static final int MAX_FRAMES = 256;
  private static final int MAX_URLS = 8;
  private static final int MAX_DEPTH = 2;
  private static final int MIN_LAYER = 40;

  private final String src;
  private final JsFacts facts;
  private final int depth;
  private final int[] budget;
  private final List<String> layers = new ArrayList<>();
  private final List<Integer> layerOrigins = new ArrayList<>();

  /** Where in the file this text came from: -1 for the file itself, else a payload's offset. */
  private final int origin;

  private int position;

  // one frame per open parenthesis: what was called, and the chars fromCharCode collects
  private final String[] frameCallee = new String[MAX_FRAMES];
  private final StringBuilder[] charCodes = new StringBuilder[MAX_FRAMES];
  private int frames;
  private int overflow;
  private int evaluatorDepth = -1;
  private int writerDepth = -1;
  private String prevText = "";
  private JsLexer.Kind prevKind = JsLexer.Kind.END;
  private String prev2Text = "";
  private String bracketString = "";
  private int bracketTokens;
  private final StringBuilder recent = new StringBuilder();
  private boolean sawReverse;
  private final List<String> longStrings = new ArrayList<>();

  /** Card fields and a way out farther apart than this are not taken for one skimmer. */
  static final int NEAR = 20_000;

  private JsAnalyzer(String src, JsFacts facts, int depth, int[] budget, int origin) {
    this.src = src;
    this.facts = facts;
    this.depth = depth;
    this.budget = budget;
    this.origin = origin;
  }

  /** Analyses {@code text[from, to)} as one script. */
  public static JsFacts analyze(String text, int from, int to) {
    JsFacts facts = new JsFacts();
    facts.offset = from;
    facts.length = to - from;
    int[] budget = {Math.max(1 << 20, 2 * (to - from))};
    new JsAnalyzer(text, facts, 0, budget, -1).run(from, to);
    return facts;
  }

  private void run(int from, int to) {
    JsLexer lexer = new JsLexer(src, from, to);
    while (lexer.next() != JsLexer.Kind.END) {
      String text = lexer.text();
      position = origin >= 0 ? origin : lexer.start();
      switch (lexer.kind()) {
        case IDENT -> ident(text, lexer.start());
        case STRING -> string(text, lexer.escapes());
        case NUMBER -> number(text);
        case OP -> op(text, lexer.start());
        default -> {}
      }
      if (lexer.kind() != JsLexer.Kind.STRING) {
        remember(text);
      } else {
        remember("\"");
      }
      prev2Text = prevText;
      prevText = lexer.kind() == JsLexer.Kind.STRING ? "\"" : text;
      prevKind = lexer.kind();
    }
    if (depth == 0) {
      header(lexer.firstComment());
    }
    if (sawReverse) {
      for (String s : longStrings) {
        layer(Decoding.reverse(s));
      }
    }
    for (int i = 0; i < layers.size(); i++) {
      facts.decodedLayers++;
      String layer = layers.get(i);
      new JsAnalyzer(layer, facts, depth + 1, budget, layerOrigins.get(i)).run(0, layer.length());
    }
  }

  private void remember(String text) {
    recent.append(text, 0, Math.min(text.length(), 16));
    if (recent.length() > 96) {
      recent.delete(0, recent.length() - 48);
    }
  }

  private void header(String comment) {
    String lower = Latin1.lower(comment);
    for (String library : LIBRARIES) {
      if (lower.contains(library)
          && (lower.contains(" v")
              || lower.contains("version")
              || lower.contains("copyright")
              || lower.contains("(c)"))) {
        facts.headerLibrary = library;
        return;
      }
    }
  }

  private void keywords(String value) {
    MATCHER.scan(
        value,
        0,
        value.length(),
        (k, end) -> {
          switch (CATEGORY_OF[k]) {
            case CARD_NUMBER -> {
              facts.cardNumber++;
              card();
            }
            case CARD_SECURITY -> {
              facts.cardSecurity++;
              card();
            }
            case CARD_EXPIRY -> facts.cardExpiry++;
            case CREDENTIAL -> facts.credentials++;
            case ENCODER -> facts.encoders++;
            case TRIGGER -> facts.triggers++;
            case XHR -> exfil(Exfil.XHR);
            case SEND_BEACON -> exfil(Exfil.SEND_BEACON);
            case WEBSOCKET -> exfil(Exfil.WEBSOCKET);
          }
        });
  }

  private void card() {
    if (facts.lastExfil >= 0 && Math.abs(position - facts.lastExfil) <= NEAR) {
      facts.cardNearExfil = true;
    }
    facts.lastCard = position;
  }

  private void exfil(Exfil way) {
    facts.exfil.add(way);
    if (facts.lastCard >= 0 && Math.abs(position - facts.lastCard) <= NEAR) {
      facts.cardNearExfil = true;
    }
    facts.lastExfil = position;
  }

  private void ident(String text, int at) {
    String lower = Latin1.lower(text);
    keywords(lower);
    if (lower.startsWith("_0x") && lower.length() >= 5) {
      facts.hexIdentifiers++;
    }
    if (lower.equals("image") && prevText.equals("new")) {
      exfil(Exfil.IMAGE_BEACON);
    }
    if (lower.equals("fetch")) {
      exfil(Exfil.FETCH);
    }
    if (lower.equals("ajax")
        || lower.equals("getjson")
        || lower.equals("post")
            && prevText.equals(".")
            && (prev2Text.equals("$") || Latin1.lower(prev2Text).equals("jquery"))) {
      exfil(Exfil.JQUERY_AJAX);
    }
    if (lower.equals("reverse")) {
      sawReverse = true;
    }
    if (lower.equals("e") && Latin1.lower(recent.toString()).endsWith("eval(function(p,a,c,k,")) {
      facts.packer = true;
    }
  }

  private void string(String value, int escapes) {
    if (value.equals("/regex/")) {
      return;
    }
    String lower = Latin1.lower(value);
    keywords(lower);
    facts.longestString = Math.max(facts.longestString, value.length());
    if (escapes >= 8 && escapes * 2 >= value.length()) {
      facts.escapedStrings++;
    }
    if (lower.equals("image")) {
      exfil(Exfil.IMAGE_BEACON);
    }
    if (lower.equals("script")
        && frames > 0
        && frames <= MAX_FRAMES
        && "createelement".equals(frameCallee[frames - 1])) {
      exfil(Exfil.SCRIPT_INJECTION);
    }
    url(lower);
    if (prevText.equals("[")) {
      bracketString = lower;
    }
    if (value.length() >= MIN_LAYER) {
      if (escapes >= 16) {
        layer(value);
      } else if (isBase64(value)) {
        String decoded = Decoding.base64(value, value.length());
        if (Latin1.printableRatio(decoded) > 0.85) {
          layer(decoded);
        }
      } else if (percentEscaped(value)) {
        layer(Decoding.percent(value));
      }
      if (longStrings.size() < 64) {
        longStrings.add(value);
      }
    }
    if (evaluatorDepth >= 0 && value.length() > 200 && facts.decodeIntoEval.isEmpty()) {
      facts.decodeIntoEval = frameCallee[evaluatorDepth] + "(long string)";
    }
  }

  private void url(String lower) {
    int scheme = lower.indexOf("://");
    boolean absolute =
        scheme > 0 && scheme <= 5 && (lower.startsWith("http") || lower.startsWith("ws"))
            || lower.startsWith("//")
                && lower.length() > 4
                && Character.isLetterOrDigit(lower.charAt(2));
    // A URL of a .js file is a script to load (how payment SDKs arrive), not a place to send to.
    String path = lower.indexOf('?') >= 0 ? lower.substring(0, lower.indexOf('?')) : lower;
    if (absolute && !path.endsWith(".js") && facts.urls.size() < MAX_URLS) {
      facts.urls.add(lower.length() > 120 ? lower.substring(0, 120) : lower);
    }
  }

  private static boolean isBase64(String s) {
    int n = s.length();
    int end = n;
    while (end > 0 && s.charAt(end - 1) == '=') {
      end--;
    }
    if (n - end > 2) {
      return false;
    }
    boolean lower = false;
    boolean upper = false;
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      if (!Decoding.isBase64Char(c) || c == '-' || c == '_') {
        return false;
      }
      lower |= c >= 'a' && c <= 'z';
      upper |= c >= 'A' && c <= 'Z';
    }
    return lower && upper;
  }

  private static boolean percentEscaped(String s) {
    int escapes = 0;
    for (int i = 0; i + 2 < s.length(); i++) {
      if (s.charAt(i) == '%' && Character.digit(s.charAt(i + 1), 16) >= 0) {
        escapes++;
      }
    }
    return escapes * 3 * 2 >= s.length();
  }

  private void layer(String text) {
    if (depth >= MAX_DEPTH || budget[0] < text.length()) {
      return;
    }
    budget[0] -= text.length();
    layers.add(text);
    layerOrigins.add(position);
  }

  private void number(String text) {
    if (frames > 0 && frames <= MAX_FRAMES && charCodes[frames - 1] != null) {
      try {
        int code = Integer.decode(text);
        StringBuilder out = charCodes[frames - 1];
        if (out.length() < 1 << 16) {
          Latin1.appendUtf8(out, code & 0x1FFFFF);
        }
      } catch (NumberFormatException ignored) {
        // a float or a malformed number: not a char code
      }
    }
  }

  private void op(String op, int at) {
    switch (op) {
      case "(" -> open(at);
      case ")" -> close();
      case "[" -> {
        bracketString = "";
        bracketTokens = 0;
      }
      default -> {}
    }
    bracketTokens++;
  }

  private void open(int at) {
    String callee = "";
    if (prevKind == JsLexer.Kind.IDENT) {
      callee = Latin1.lower(prevText);
    } else if (prevText.equals("]") && !bracketString.isEmpty()) {
      callee = bracketString; // window['eval'](...)
    }
    if (frames >= MAX_FRAMES) {
      overflow++;
      frames++;
      return;
    }
    frameCallee[frames] = callee;
    charCodes[frames] = callee.equals("fromcharcode") ? new StringBuilder() : null;
    // 'function(' defines a function; only the constructor 'Function(' evaluates a string
    boolean evaluator =
        EVALUATORS.contains(callee) && (!callee.equals("function") || prevText.equals("Function"));
    if (evaluator && evaluatorDepth < 0) {
      evaluatorDepth = frames;
    }
    if (WRITERS.contains(callee) && writerDepth < 0) {
      writerDepth = frames;
    }
    if (DECODERS.contains(callee) && evaluatorDepth >= 0 && facts.decodeIntoEval.isEmpty()) {
      facts.decodeIntoEval = frameCallee[evaluatorDepth] + "(" + callee + "(...))";
      facts.decodeIntoEvalOffset = at;
    } else if (DECODERS.contains(callee) && writerDepth >= 0) {
      facts.decodeIntoWrite++;
    }
    frames++;
  }

  private void close() {
    if (frames == 0) {
      return;
    }
    if (frames > MAX_FRAMES) {
      frames--;
      overflow--;
      return;
    }
    frames--;
    StringBuilder codes = charCodes[frames];
    if (codes != null && codes.length() >= 8) {
      String decoded = codes.toString();
      keywords(Latin1.lower(decoded));
      url(Latin1.lower(decoded));
      layer(decoded);
    }
    charCodes[frames] = null;
    if (frames == evaluatorDepth) {
      evaluatorDepth = -1;
    }
    if (frames == writerDepth) {
      writerDepth = -1;
    }
  }
}
