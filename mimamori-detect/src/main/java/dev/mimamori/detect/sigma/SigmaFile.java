package dev.mimamori.detect.sigma;

import java.util.List;

/** One Sigma file, read: everything in it compiled, or why nothing of it loads. */
public sealed interface SigmaFile permits SigmaFile.Parsed, SigmaFile.Failed {

  String file();

  /**
   * The file's rules and correlations; correlations are linked to the rules they name when the
   * files are put together ({@link SigmaLoader#link}).
   */
  record Parsed(
      String file,
      List<SigmaRule> rules,
      List<SigmaCorrelation> correlations,
      List<LoadWarning> warnings)
      implements SigmaFile {
    public Parsed {
      rules = List.copyOf(rules);
      correlations = List.copyOf(correlations);
      warnings = List.copyOf(warnings);
    }
  }

  record Failed(LoadError error) implements SigmaFile {
    @Override
    public String file() {
      return error.file();
    }
  }
}
