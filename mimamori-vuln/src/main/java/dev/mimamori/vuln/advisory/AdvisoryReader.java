package dev.mimamori.vuln.advisory;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads advisory files and folders of them, whatever their format: OSV JSON, GitLab YAML, CVE JSON
 * 5, NVD API 2.0 JSON, VULDEF XML and its JSON conversion. Every record is read on its own; one
 * that cannot be read is an error with its reason and the others go on. Files are read with size,
 * depth and alias limits; symbolic links are not followed.
 */
public final class AdvisoryReader {
  /** Larger files are refused: NVD's yearly feeds are split into pages well below this. */
  public static final long MAX_FILE_BYTES = 64L << 20;

  private static final int MAX_FILES = 200_000;
  private static final ObjectMapper JSON =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(100)
                          .maxStringLength(8 << 20)
                          .build())
                  .build())
          .build();
  private static final ObjectMapper YAML = new YAMLMapper(yamlFactory());

  private static YAMLFactory yamlFactory() {
    LoaderOptions o = new LoaderOptions();
    o.setMaxAliasesForCollections(20);
    o.setAllowRecursiveKeys(false);
    o.setNestingDepthLimit(50);
    o.setCodePointLimit(8 << 20);
    return YAMLFactory.builder().loaderOptions(o).build();
  }

  /** Every advisory file under each path (a file or a folder, walked without following links). */
  public ReadResult read(List<Path> paths) throws IOException {
    List<Advisory> advisories = new ArrayList<>();
    List<RecordError> errors = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        try (Stream<Path> s = Files.walk(p, 32)) {
          List<Path> files =
              s.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                  .filter(AdvisoryReader::looksLikeAdvisoryFile)
                  .sorted()
                  .limit(MAX_FILES)
                  .toList();
          for (Path f : files) {
            ReadResult r = readFile(f);
            advisories.addAll(r.advisories());
            errors.addAll(r.errors());
          }
        }
      } else {
        ReadResult r = readFile(p);
        advisories.addAll(r.advisories());
        errors.addAll(r.errors());
      }
    }
    return new ReadResult(advisories, errors);
  }

  private static boolean looksLikeAdvisoryFile(Path f) {
    String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".json") || n.endsWith(".yml") || n.endsWith(".yaml") || n.endsWith(".xml");
  }

  private ReadResult readFile(Path f) {
    String name = f.toString();
    try {
      if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
        return failed(name, "not a regular file");
      }
      if (Files.size(f) > MAX_FILE_BYTES) {
        return failed(name, "larger than " + (MAX_FILE_BYTES >> 20) + " MiB");
      }
      byte[] content;
      try (InputStream in = Files.newInputStream(f, LinkOption.NOFOLLOW_LINKS)) {
        content = in.readNBytes((int) MAX_FILE_BYTES + 1);
      }
      return read(f.getFileName().toString(), name, content);
    } catch (IOException e) {
      return failed(name, "unreadable: " + e.getMessage());
    }
  }

  /** One file's content; {@code fileName} decides between YAML, XML and JSON. */
  public ReadResult read(String fileName, String label, byte[] content) {
    Sink sink = new Sink(label);
    String n = fileName.toLowerCase(Locale.ROOT);
    try {
      if (content.length > MAX_FILE_BYTES) {
        sink.error("-", "larger than " + (MAX_FILE_BYTES >> 20) + " MiB");
      } else if (n.endsWith(".yml") || n.endsWith(".yaml")) {
        one(sink, YAML.readTree(content), GitLabParser::parse);
      } else if (n.endsWith(".xml")) {
        int i = 0;
        for (JsonNode r : JvnXml.records(content)) {
          i++;
          if (r.has(JvnXml.BROKEN)) {
            sink.error("Vulinfo #" + i, r.get(JvnXml.BROKEN).asText());
          } else {
            one(sink, r, JvnParser::parse);
          }
        }
      } else {
        json(sink, JSON.readTree(content));
      }
    } catch (IOException | RuntimeException e) {
      sink.error("-", reason(e));
    }
    return new ReadResult(sink.advisories.stream().map(Corrections::apply).toList(), sink.errors);
  }

  private static void json(Sink sink, JsonNode root) {
    if (root == null || root.isMissingNode()) {
      sink.error("-", "empty file");
    } else if (root.isArray()) {
      for (JsonNode r : root) {
        json(sink, r);
      }
    } else if (root.path("document").has("csaf_version")) {
      // MyJVN's JSON API (oka) answers CSAF; its VULDEF XML (hnd) carries the same records.
      sink.error("-", "CSAF (MyJVN JSON API) is not read yet: fetch the VULDEF XML instead");
    } else if (NvdParser.accepts(root)) {
      NvdParser.parse(root, sink);
    } else if (Cve5Parser.accepts(root)) {
      one(sink, root, Cve5Parser::parse);
    } else if (JvnParser.accepts(root)) {
      one(sink, root, JvnParser::parse);
    } else if (OsvParser.accepts(root)) {
      one(sink, root, OsvParser::parse);
    } else {
      sink.error("-", "not an advisory format mimamori reads (OSV, GitLab, CVE 5, NVD 2.0, JVN)");
    }
  }

  private interface Parser {
    Advisory parse(JsonNode record);
  }

  private static void one(Sink sink, JsonNode record, Parser parser) {
    if (record == null || !record.isObject()) {
      sink.error("-", "not an object");
      return;
    }
    try {
      sink.add(parser.parse(record));
    } catch (RuntimeException e) {
      sink.error(name(record), reason(e));
    }
  }

  private static String name(JsonNode r) {
    for (String k : new String[] {"id", "identifier", "vulinfoid"}) {
      String v = Text.value(r.path(k));
      if (!v.isEmpty()) {
        return v;
      }
    }
    String cve = Text.text(r.path("cveMetadata"), "cveId");
    return cve.isEmpty() ? "-" : cve;
  }

  private static String reason(Exception e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
  }

  private static ReadResult failed(String file, String message) {
    return new ReadResult(List.of(), List.of(new RecordError(file, "-", message)));
  }
}
