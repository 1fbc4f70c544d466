package dev.mimamori.detect.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.detect.EventView;
import dev.mimamori.detect.Firing;
import dev.mimamori.detect.RuleLoader;
import dev.mimamori.model.Event;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * mimamori's own rule pack, prefiltered on every clause its rules need, fires exactly as evaluating
 * every rule on every event: over the demo log and each of its requests sent again with the other
 * method and under the folders the pack's rules name.
 */
class PackPrefilterTest {
  private static final String[] FOLDERS = {
    "/html/upload/save_image/", "/html/template/default/assets/img/", "/html/user_data/", "/tmp/"
  };

  private static List<Event> events() {
    List<Event> out = new ArrayList<>();
    for (Event e : DemoEvents.load()) {
      out.add(e);
      String other = "POST".equals(e.method()) ? "GET" : "POST";
      out.add(with(e, other, e.urlPath(), e.urlQuery()));
      String name =
          e.urlPath() == null ? "x" : e.urlPath().substring(e.urlPath().lastIndexOf('/') + 1);
      for (String folder : FOLDERS) {
        out.add(with(e, other, folder + name, e.urlQuery()));
        out.add(with(e, other, folder + name + ".php", e.urlQuery()));
      }
    }
    return out;
  }

  private static Event with(Event e, String method, String path, String query) {
    String original = query == null ? path : path + "?" + query;
    return new Event(
        e.timestamp(),
        e.originalOffset(),
        e.tenant(),
        e.asset(),
        e.dataset(),
        e.original(),
        e.sourceIp(),
        method,
        original,
        path,
        query,
        e.statusCode(),
        e.responseBytes(),
        e.referrer(),
        e.userAgent(),
        e.userName(),
        e.logFilePath(),
        e.logOffset(),
        e.lineNumber(),
        e.extra());
  }

  private static List<String> ids(List<Firing> fs) {
    return fs.stream().map(f -> f.meta().id()).toList();
  }

  @Test
  void firesExactlyAsEvaluatingEveryRule() {
    RuleLoader loader = new RuleLoader();
    SigmaRuleSet prefiltered = loader.loadPack(loader.loadOwnBuiltin()).ruleSet();
    SigmaRuleSet everyRule = prefiltered.withoutPrefilter();
    List<String> differences = new ArrayList<>();
    Set<String> fired = new HashSet<>();
    for (Event e : events()) {
      List<String> a = ids(prefiltered.evaluate(new EventView(e)));
      List<String> b = ids(everyRule.evaluate(new EventView(e)));
      fired.addAll(b);
      if (!a.equals(b)) {
        differences.add(e.method() + " " + e.urlOriginal() + " prefiltered " + a + " every " + b);
      }
    }

    assertThat(differences).isEmpty();
    assertThat(fired)
        .contains(
            "mm-web-php-post-in-asset-folder",
            "mm-web-php-in-user-data",
            "mm-web-scanner-user-agent");
  }
}
