package dev.mimamori.vuln.advisory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which package a CPE or a product name means ({@code products.tsv}): CVE, NVD and JVN name
 * products, not Composer or npm packages. Plugins of a product are not the product itself.
 */
final class Products {
  private static final Map<String, PackageRef> CPE = new HashMap<>();
  private static final List<Map.Entry<String, PackageRef>> NAMES = new ArrayList<>();

  static {
    try (InputStream in =
            Objects.requireNonNull(Products.class.getResourceAsStream("products.tsv"));
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        PackageRef p = new PackageRef(f[2], f[3]);
        if (f[0].equals("cpe")) {
          CPE.put(f[1], p);
        } else {
          NAMES.add(Map.entry(f[1], p));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Products() {}

  /** From {@code cpe:/a:ec-cube:ec-cube} or {@code cpe:2.3:a:ec-cube:ec-cube:4.0.6:p1:...}. */
  static Optional<PackageRef> ofCpe(String cpe) {
    String[] f = Cpe.fields(cpe);
    if (f.length < 2) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        CPE.get(f[0].toLowerCase(Locale.ROOT) + ":" + f[1].toLowerCase(Locale.ROOT)));
  }

  static Optional<PackageRef> ofName(String product) {
    String p = product.strip().toLowerCase(Locale.ROOT);
    if (p.contains("plugin") || p.contains("プラグイン")) {
      return Optional.empty();
    }
    for (Map.Entry<String, PackageRef> e : NAMES) {
      if (p.startsWith(e.getKey())) {
        return Optional.of(e.getValue());
      }
    }
    return Optional.empty();
  }
}
