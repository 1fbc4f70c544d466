package dev.mimamori.detect.sigma;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Compiles a rule's {@code detection} section: its search identifiers into {@link Detection}s with
 * every modifier applied, and its condition into a {@link Condition}.
 */
final class DetectionCompiler {
  static final int MAX_MODIFIERS = 16;
  static final int MAX_EXPANSIONS = 256;
  static final int MAX_TESTS = 20_000;
  static final int MAX_VALUE_CHARS = 16 * 1024;

  private static final Set<String> TRANSFORMS =
      Set.of(
          "contains",
          "startswith",
          "endswith",
          "base64",
          "base64offset",
          "wide",
          "utf16le",
          "utf16be",
          "utf16",
          "windash");
  private static final Set<String> RE_FLAGS =
      Set.of("i", "ignorecase", "m", "multiline", "s", "dotall");
  private static final Map<String, ValueTest.Op> COMPARE =
      Map.of(
          "lt", ValueTest.Op.LT,
          "lte", ValueTest.Op.LTE,
          "gt", ValueTest.Op.GT,
          "gte", ValueTest.Op.GTE);
  private static final Map<String, ValueTest.TimePart> TIME =
      Map.of(
          "minute", ValueTest.TimePart.MINUTE,
          "hour", ValueTest.TimePart.HOUR,
          "day", ValueTest.TimePart.DAY,
          "week", ValueTest.TimePart.WEEK,
          "month", ValueTest.TimePart.MONTH,
          "year", ValueTest.TimePart.YEAR);
  private static final Set<String> KNOWN;

  static {
    Set<String> k = new LinkedHashSet<>(TRANSFORMS);
    k.addAll(RE_FLAGS);
    k.addAll(COMPARE.keySet());
    k.addAll(TIME.keySet());
    k.addAll(Set.of("all", "neq", "cased", "exists", "re", "cidr", "fieldref", "expand"));
    KNOWN = Set.copyOf(k);
  }

  /** The compiled section. */
  record Compiled(List<Detection> detections, Condition condition) {}

  private final Map<String, List<String>> placeholders;
  private final BiConsumer<Integer, String> warn;
  private final LoadBudget budget;
  private int tests;

  DetectionCompiler(
      Map<String, List<String>> placeholders, BiConsumer<Integer, String> warn, LoadBudget budget) {
    this.placeholders = placeholders;
    this.warn = warn;
    this.budget = budget;
  }

  /**
   * @param line the line of the {@code detection:} key, for problems of the section as a whole
   */
  Compiled compile(YNode.Mapping section, int line) {
    List<String> names = new ArrayList<>();
    List<Detection> detections = new ArrayList<>();
    YNode cond = null;
    for (Map.Entry<String, YNode> e : section.entries().entrySet()) {
      String name = e.getKey();
      int keyLine = section.lineOf(name);
      if (name.equals("condition")) {
        cond = e.getValue();
        continue;
      }
      if (name.equals("timeframe")) {
        throw new RuleError(
            keyLine,
            "'timeframe' (Sigma 1 aggregations) is not supported: write a correlation rule");
      }
      names.add(name);
      detections.add(detection(name, e.getValue(), keyLine));
    }
    if (cond == null) {
      throw new RuleError(line, "detection has no 'condition'");
    }
    if (detections.isEmpty()) {
      throw new RuleError(line, "detection has no search identifiers");
    }
    return new Compiled(List.copyOf(detections), condition(cond, names));
  }

  private static Condition condition(YNode node, List<String> names) {
    if (node instanceof YNode.Scalar s && s.kind() == YNode.Kind.STRING && s.text() != null) {
      return ConditionParser.parse(s.text(), names, s.line());
    }
    if (node instanceof YNode.Seq seq && !seq.items().isEmpty()) {
      // A list of conditions: each would be its own query; together they are OR-ed.
      List<Condition> parts = new ArrayList<>();
      for (YNode item : seq.items()) {
        if (!(item instanceof YNode.Scalar s)
            || s.kind() != YNode.Kind.STRING
            || s.text() == null) {
          throw new RuleError(item.line(), "each condition in the list must be a string");
        }
        parts.add(ConditionParser.parse(s.text(), names, s.line()));
      }
      return parts.size() == 1 ? parts.get(0) : new Condition.Or(List.copyOf(parts));
    }
    throw new RuleError(
        node.line(),
        "'condition' must be a string or a list of strings, not " + YNode.describe(node));
  }

  private Detection detection(String name, YNode node, int line) {
    List<List<Item>> alternatives = new ArrayList<>();
    if (node instanceof YNode.Mapping m) {
      alternatives.add(items(m));
    } else if (node instanceof YNode.Seq seq) {
      if (seq.items().isEmpty()) {
        throw new RuleError(line, "search identifier '" + name + "' is an empty list");
      }
      List<YNode.Scalar> keywords = new ArrayList<>();
      for (YNode item : seq.items()) {
        if (item instanceof YNode.Mapping m) {
          alternatives.add(items(m));
        } else if (item instanceof YNode.Scalar s) {
          keywords.add(s);
        } else {
          throw new RuleError(item.line(), "a list inside a list is not a Sigma detection");
        }
      }
      if (!keywords.isEmpty()) {
        alternatives.add(List.of(item("", List.of(), keywords, line)));
      }
    } else {
      YNode.Scalar s = (YNode.Scalar) node;
      if (s.isNull()) {
        throw new RuleError(line, "search identifier '" + name + "' is empty");
      }
      alternatives.add(List.of(item("", List.of(), List.of(s), line)));
    }
    return new Detection(name, List.copyOf(alternatives));
  }

  private List<Item> items(YNode.Mapping m) {
    if (m.entries().isEmpty()) {
      throw new RuleError(m.line(), "empty mapping in a detection");
    }
    List<Item> out = new ArrayList<>();
    for (Map.Entry<String, YNode> e : m.entries().entrySet()) {
      int line = m.lineOf(e.getKey());
      String[] parts = e.getKey().split("\\|", -1);
      if (parts.length - 1 > MAX_MODIFIERS) {
        throw new RuleError(line, "more than " + MAX_MODIFIERS + " modifiers");
      }
      List<String> mods = new ArrayList<>();
      for (int i = 1; i < parts.length; i++) {
        mods.add(parts[i].trim().toLowerCase(Locale.ROOT));
      }
      out.add(item(parts[0].trim(), mods, values(e.getValue(), line), line));
    }
    return List.copyOf(out);
  }

  private static List<YNode.Scalar> values(YNode v, int line) {
    if (v instanceof YNode.Scalar s) {
      return List.of(s);
    }
    if (v instanceof YNode.Seq seq) {
      if (seq.items().isEmpty()) {
        throw new RuleError(line, "empty list of values");
      }
      List<YNode.Scalar> out = new ArrayList<>();
      for (YNode item : seq.items()) {
        if (!(item instanceof YNode.Scalar s)) {
          throw new RuleError(
              item.line(), "a value in a list must be a plain value, not " + YNode.describe(item));
        }
        if (s.isNull() && seq.items().size() > 1) {
          throw new RuleError(
              item.line(),
              "null cannot be one of a list of values (write it as its own search identifier)");
        }
        out.add(s);
      }
      return out;
    }
    throw new RuleError(line, "a field's value must be a value or a list of values, not a mapping");
  }

  private Item item(String sigmaField, List<String> mods, List<YNode.Scalar> values, int line) {
    for (String m : mods) {
      if (!KNOWN.contains(m)) {
        throw new RuleError(line, "unknown modifier '" + m + "'");
      }
    }
    boolean keyword = sigmaField.isEmpty();
    String field;
    if (keyword) {
      field = FieldMapping.KEYWORD_FIELD;
    } else {
      String ecs = FieldMapping.ecs(sigmaField);
      if (ecs == null) {
        warn.accept(
            line,
            "field '"
                + sigmaField
                + "' has no mimamori (ECS) mapping: it is looked up as written, and no"
                + " mimamori event has it");
        ecs = sigmaField;
      }
      field = ecs;
    }
    boolean all = mods.contains("all");
    boolean neq = mods.contains("neq");
    if (all && values.size() < 2) {
      throw new RuleError(line, "'all' needs a list of at least two values");
    }
    List<List<ValueTest>> compiled = new ArrayList<>();
    for (YNode.Scalar v : values) {
      compiled.add(value(sigmaField, keyword, mods, v));
    }
    return new Item(sigmaField, field, List.copyOf(compiled), all, neq);
  }

  private List<ValueTest> value(
      String sigmaField, boolean keyword, List<String> mods, YNode.Scalar v) {
    int line = v.line();
    if (v.text() != null && v.text().length() > MAX_VALUE_CHARS) {
      throw new RuleError(line, "value longer than " + MAX_VALUE_CHARS + " characters");
    }
    boolean cased = mods.contains("cased");
    List<String> typeMods = new ArrayList<>();
    List<String> transforms = new ArrayList<>();
    for (String m : mods) {
      if (TRANSFORMS.contains(m)) {
        transforms.add(m);
      } else if (!m.equals("all") && !m.equals("neq") && !m.equals("cased")) {
        typeMods.add(m);
      }
    }
    List<ValueTest> out;
    if (typeMods.contains("exists")) {
      out = List.of(exists(keyword, mods, v));
    } else if (typeMods.contains("re")) {
      out = List.of(regex(typeMods, transforms, v));
    } else if (typeMods.contains("cidr")) {
      only(typeMods, transforms, Set.of("cidr"), "cidr", line);
      out = List.of(cidr(v));
    } else if (typeMods.contains("fieldref")) {
      out = List.of(fieldref(keyword, typeMods, transforms, cased, v));
    } else if (typeMods.stream().anyMatch(m -> COMPARE.containsKey(m) || TIME.containsKey(m))) {
      out = List.of(compare(typeMods, transforms, v));
    } else {
      for (String m : typeMods) {
        if (RE_FLAGS.contains(m)) {
          throw new RuleError(line, "modifier '" + m + "' only goes with 're'");
        }
      }
      out = strings(keyword, typeMods.contains("expand"), transforms, cased, v);
    }
    budget.tests(line, out.size());
    tests += out.size();
    if (tests > MAX_TESTS) {
      throw new RuleError(line, "more than " + MAX_TESTS + " values in one rule");
    }
    return out;
  }

  private static void only(
      List<String> typeMods, List<String> transforms, Set<String> allowed, String what, int line) {
    for (String m : typeMods) {
      if (!allowed.contains(m)) {
        throw new RuleError(line, "'" + what + "' cannot be combined with '" + m + "'");
      }
    }
    if (!transforms.isEmpty()) {
      throw new RuleError(
          line, "'" + what + "' cannot be combined with '" + transforms.get(0) + "'");
    }
  }

  private static ValueTest exists(boolean keyword, List<String> mods, YNode.Scalar v) {
    if (keyword) {
      throw new RuleError(v.line(), "'exists' needs a field");
    }
    if (mods.size() != 1) {
      throw new RuleError(v.line(), "'exists' takes no other modifier");
    }
    if (v.kind() != YNode.Kind.BOOL) {
      throw new RuleError(v.line(), "'exists' takes true or false");
    }
    return new ValueTest.ExistsTest("true".equals(v.text()));
  }

  private ValueTest regex(List<String> typeMods, List<String> transforms, YNode.Scalar v) {
    int line = v.line();
    Set<String> allowed = new LinkedHashSet<>(RE_FLAGS);
    allowed.add("re");
    only(typeMods, transforms, allowed, "re", line);
    String re = text(v);
    String why = Regexes.refusal(re);
    if (why != null) {
      throw new RuleError(line, "regular expression refused: " + why);
    }
    int flags = 0;
    boolean ignoreCase = false;
    for (String m : typeMods) {
      switch (m) {
        case "i", "ignorecase" -> {
          flags |= Pattern.CASE_INSENSITIVE;
          ignoreCase = true;
        }
        case "m", "multiline" -> flags |= Pattern.MULTILINE;
        case "s", "dotall" -> flags |= Pattern.DOTALL;
        default -> {}
      }
    }
    if (Regexes.estimatedSize(re) > Regexes.MAX_SIZE) {
      throw new RuleError(
          line, "regular expression refused: its counted repetitions make it too large to compile");
    }
    String unfoldable = Regexes.foldRefusal(re, ignoreCase);
    if (unfoldable != null) {
      throw new RuleError(line, "regular expression refused: " + unfoldable);
    }
    budget.regex(line, Regexes.estimatedSize(re), Regexes.foldedClasses(re, ignoreCase));
    try {
      Pattern p = Pattern.compile(re, flags);
      return new ValueTest.RegexTest(p, Regexes.requiredLiterals(re, ignoreCase));
    } catch (PatternSyntaxException e) {
      throw new RuleError(
          line, "regular expression refused: not valid for RE2: " + e.getDescription());
    }
  }

  private static ValueTest cidr(YNode.Scalar v) {
    try {
      return new ValueTest.CidrTest(Cidr.parse(text(v)));
    } catch (IllegalArgumentException e) {
      throw new RuleError(v.line(), "cidr: " + e.getMessage());
    }
  }

  private static ValueTest fieldref(
      boolean keyword,
      List<String> typeMods,
      List<String> transforms,
      boolean cased,
      YNode.Scalar v) {
    int line = v.line();
    if (keyword) {
      throw new RuleError(line, "'fieldref' needs a field");
    }
    if (typeMods.size() != 1) {
      throw new RuleError(line, "'fieldref' cannot be combined with '" + typeMods.get(1) + "'");
    }
    ValueTest.RefMode mode = ValueTest.RefMode.EQUALS;
    for (String t : transforms) {
      mode =
          switch (t) {
            case "contains" -> ValueTest.RefMode.CONTAINS;
            case "startswith" -> ValueTest.RefMode.STARTS_WITH;
            case "endswith" -> ValueTest.RefMode.ENDS_WITH;
            default -> throw new RuleError(line, "'fieldref' cannot be combined with '" + t + "'");
          };
    }
    String other = text(v);
    if (SigmaString.parse(other).hasWildcards()) {
      throw new RuleError(line, "'fieldref' names a field: no wildcards");
    }
    String ecs = FieldMapping.ecs(other);
    return new ValueTest.FieldRefTest(ecs == null ? other : ecs, mode, cased);
  }

  private static ValueTest compare(List<String> typeMods, List<String> transforms, YNode.Scalar v) {
    int line = v.line();
    ValueTest.Op op = ValueTest.Op.EQ;
    ValueTest.TimePart part = null;
    for (String m : typeMods) {
      if (COMPARE.containsKey(m)) {
        if (op != ValueTest.Op.EQ) {
          throw new RuleError(line, "more than one comparison modifier");
        }
        op = COMPARE.get(m);
      } else if (TIME.containsKey(m)) {
        if (part != null) {
          throw new RuleError(line, "more than one time modifier");
        }
        part = TIME.get(m);
      } else {
        throw new RuleError(line, "'" + m + "' cannot be combined with a comparison");
      }
    }
    if (!transforms.isEmpty()) {
      throw new RuleError(line, "a comparison cannot be combined with '" + transforms.get(0) + "'");
    }
    Double n = v.text() == null ? null : ValueTest.CompareTest.number(v.text());
    if (n == null || v.kind() == YNode.Kind.BOOL) {
      throw new RuleError(line, "a comparison needs a number, not '" + v.text() + "'");
    }
    return new ValueTest.CompareTest(op, n, part);
  }

  private List<ValueTest> strings(
      boolean keyword, boolean expand, List<String> transforms, boolean cased, YNode.Scalar v) {
    int line = v.line();
    if (v.isNull()) {
      if (!transforms.isEmpty() || expand || keyword) {
        throw new RuleError(line, "null is a value on its own: no modifiers, no keywords");
      }
      return List.of(new ValueTest.NullTest());
    }
    List<SigmaString> values = new ArrayList<>();
    if (expand) {
      for (String raw : expandPlaceholders(text(v), line)) {
        values.add(SigmaString.parse(raw));
      }
    } else {
      values.add(SigmaString.parse(text(v)));
    }
    for (String t : transforms) {
      List<SigmaString> next = new ArrayList<>();
      for (SigmaString s : values) {
        try {
          switch (t) {
            case "contains" -> next.add(s.contains());
            case "startswith" -> next.add(s.endsWithAnything());
            case "endswith" -> next.add(s.startsWithAnything());
            case "base64" -> next.add(plainOnly(s, t, line).base64());
            case "base64offset" -> next.addAll(plainOnly(s, t, line).base64Offsets());
            case "wide", "utf16le" -> next.add(s.utf16(false, false));
            case "utf16be" -> next.add(s.utf16(true, false));
            case "utf16" -> next.add(s.utf16(false, true));
            case "windash" -> next.add(s.windash());
            default -> throw new IllegalStateException(t);
          }
        } catch (IllegalArgumentException e) {
          throw new RuleError(line, t + ": " + e.getMessage());
        }
      }
      values = next;
    }
    List<ValueTest> out = new ArrayList<>(values.size());
    for (SigmaString s : values) {
      // Keywords search the whole line: a keyword is found anywhere in it.
      out.add(new ValueTest.GlobTest(Glob.compile(keyword ? s.contains() : s, cased), cased));
    }
    return out;
  }

  private static SigmaString plainOnly(SigmaString s, String modifier, int line) {
    if (s.hasWildcards()) {
      throw new RuleError(
          line, "'" + modifier + "' encodes the value, which must then have no wildcards");
    }
    return s;
  }

  private static String text(YNode.Scalar v) {
    if (v.isNull() || v.text() == null) {
      throw new RuleError(v.line(), "a value is needed here, not null");
    }
    return v.text();
  }

  /**
   * {@code expand}: every {@code %name%} replaced by each of its configured values (all
   * combinations, bounded); {@code \%} is a plain percent sign.
   */
  private List<String> expandPlaceholders(String raw, int line) {
    List<String> out = List.of("");
    int i = 0;
    StringBuilder lit = new StringBuilder();
    while (i < raw.length()) {
      char c = raw.charAt(i);
      if (c == '\\' && i + 1 < raw.length() && raw.charAt(i + 1) == '%') {
        lit.append('%');
        i += 2;
        continue;
      }
      int close = c == '%' ? raw.indexOf('%', i + 1) : -1;
      if (close < 0) {
        lit.append(c);
        i++;
        continue;
      }
      String name = raw.substring(i + 1, close);
      List<String> vals = placeholders.get(name);
      if (vals == null || vals.isEmpty()) {
        throw new RuleError(
            line,
            "placeholder %"
                + name
                + "% has no configured values (SigmaOptions.placeholders); a rule whose"
                + " placeholders cannot be filled is refused");
      }
      List<String> next = new ArrayList<>();
      for (String prefix : out) {
        for (String val : vals) {
          next.add(prefix + lit + val);
          if (next.size() > MAX_EXPANSIONS) {
            throw new RuleError(
                line, "placeholders expand to more than " + MAX_EXPANSIONS + " values");
          }
        }
      }
      lit.setLength(0);
      out = next;
      i = close + 1;
    }
    List<String> done = new ArrayList<>(out.size());
    for (String prefix : out) {
      done.add(prefix + lit);
    }
    return done;
  }
}
