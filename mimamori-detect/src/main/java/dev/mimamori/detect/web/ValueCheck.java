package dev.mimamori.detect.web;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One kind of analysis over a decoded value. Each tries the value's readings in order and reports
 * the first that fires, at most one finding per attack class.
 */
sealed interface ValueCheck {
  List<ValueCheck> ALL =
      List.of(
          new Sqli(),
          new CrossSiteScripting(),
          new Paths(),
          new Commands(),
          new Php(),
          new MetadataSsrf(),
          new Jndi());

  List<Finding> check(WebValue v);

  /**
   * SQL injection, with the token fingerprint in the reason. A path is also read segment by
   * segment: REST-style routes carry values there ({@code /products/detail/1 OR 1=1}).
   */
  record Sqli() implements ValueCheck {
    private static final int MAX_SEGMENTS = 32;

    @Override
    public List<Finding> check(WebValue v) {
      for (String text : v.variants()) {
        SqlInjection.Verdict verdict = SqlInjection.analyze(text);
        if (verdict == null && v.source() == WebValue.Source.PATH) {
          verdict = segments(text);
        }
        if (verdict != null) {
          String reason =
              verdict.reason()
                  + " (read "
                  + verdict.context()
                  + ", tokens "
                  + verdict.fingerprint()
                  + ")";
          return List.of(AttackClass.SQLI.finding(reason, text, verdict.at()));
        }
      }
      return List.of();
    }
  }

  private static SqlInjection.@Nullable Verdict segments(String path) {
    int from = 0;
    for (int k = 0; k < Sqli.MAX_SEGMENTS && from < path.length(); k++) {
      int slash = path.indexOf('/', from);
      int end = slash < 0 ? path.length() : slash;
      if (end > from) {
        SqlInjection.Verdict verdict = SqlInjection.analyze(path.substring(from, end));
        if (verdict != null) {
          return new SqlInjection.Verdict(
              verdict.reason(), verdict.fingerprint(), verdict.context(), from + verdict.at());
        }
      }
      from = end + 1;
    }
    return null;
  }

  /** Cross-site scripting. */
  record CrossSiteScripting() implements ValueCheck {
    @Override
    public List<Finding> check(WebValue v) {
      for (String text : v.variants()) {
        Xss.Hit hit = Xss.analyze(text);
        if (hit != null) {
          return List.of(AttackClass.XSS.finding(hit.reason(), text, hit.at()));
        }
      }
      return List.of();
    }
  }

  /** Traversal, LFI and RFI; a traversal to a known file reports both. */
  record Paths() implements ValueCheck {
    @Override
    public List<Finding> check(WebValue v) {
      boolean referrer = v.source() == WebValue.Source.REFERRER;
      List<Finding> out = new ArrayList<>(2);
      for (String text : v.variants()) {
        PathAttacks.Hit hit = PathAttacks.analyze(text, v.parameter(), referrer);
        if (hit != null) {
          String spelled = PathAttacks.pathSpelling(text);
          out.add(hit.attackClass().finding(hit.reason(), spelled, hit.at()));
          if (hit.attackClass() == AttackClass.TRAVERSAL) {
            PathAttacks.Hit file = PathAttacks.fileOnly(spelled);
            if (file != null) {
              out.add(file.attackClass().finding(file.reason(), spelled, file.at()));
            }
          }
          return out;
        }
      }
      return out;
    }
  }

  /** OS command injection. */
  record Commands() implements ValueCheck {
    @Override
    public List<Finding> check(WebValue v) {
      for (String text : v.variants()) {
        CommandInjection.Hit hit =
            CommandInjection.analyze(text, v.source() == WebValue.Source.HEADER);
        if (hit != null) {
          String spelled = CommandInjection.shellSpelling(text);
          return List.of(hit.attackClass().finding(hit.reason(), spelled, hit.at()));
        }
      }
      return List.of();
    }
  }

  /** PHP code and Twig template injection. */
  record Php() implements ValueCheck {
    @Override
    public List<Finding> check(WebValue v) {
      for (String text : v.variants()) {
        PhpInjection.Hit hit = PhpInjection.analyze(text);
        if (hit != null) {
          return List.of(AttackClass.PHP_INJECTION.finding(hit.reason(), text, hit.at()));
        }
      }
      return List.of();
    }
  }

  /** SSRF to cloud metadata. */
  record MetadataSsrf() implements ValueCheck {
    @Override
    public List<Finding> check(WebValue v) {
      for (String text : v.variants()) {
        Ssrf.Hit hit = Ssrf.analyze(text);
        if (hit != null) {
          return List.of(AttackClass.SSRF.finding(hit.reason(), text, hit.at()));
        }
      }
      return List.of();
    }
  }

  /** Log4Shell JNDI lookups. */
  record Jndi() implements ValueCheck {
    @Override
    public List<Finding> check(WebValue v) {
      for (String text : v.variants()) {
        int at = Log4Shell.analyze(text);
        if (at >= 0) {
          return List.of(AttackClass.LOG4SHELL.finding("JNDI lookup ${jndi:...}", text, at));
        }
      }
      return List.of();
    }
  }
}
