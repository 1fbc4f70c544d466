package dev.mimamori.vuln.feed;

import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What to ask the feeds for: Packagist packages (OSV), a keyword (NVD, MyJVN) and, when given, only
 * what changed since a day.
 */
public record FeedQuery(List<String> packages, String keyword, @Nullable LocalDate since) {
  /** The package every shop runs, asked for whatever else is given. */
  public static final String SHOP_PACKAGE = "ec-cube/ec-cube";

  public static final String SHOP_KEYWORD = "EC-CUBE";

  public FeedQuery {
    LinkedHashSet<String> all = new LinkedHashSet<>();
    all.add(SHOP_PACKAGE);
    all.addAll(packages);
    packages = List.copyOf(all);
  }

  public static FeedQuery of(List<String> extraPackages, @Nullable LocalDate since) {
    return new FeedQuery(extraPackages, SHOP_KEYWORD, since);
  }
}
