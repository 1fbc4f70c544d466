package dev.mimamori.cli;

import dev.mimamori.scan.allow.AllowListBuilder;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mimamori allowlist build}: hash allow-lists of clean releases. */
@Command(
    name = "allowlist",
    mixinStandardHelpOptions = true,
    description = "Allow-lists of known clean files (SHA-256 of every file of clean releases).",
    subcommands = {AllowlistCommand.Build.class, CommandLine.HelpCommand.class})
final class AllowlistCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: build");
  }

  @Command(
      name = "build",
      mixinStandardHelpOptions = true,
      description = "Write the SHA-256 of every file under each clean TREE, sorted, one per line.")
  static final class Build implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "TREE", arity = "1..*", description = "Clean release trees.")
    List<Path> trees;

    @Option(names = "--out", required = true, description = "Output file (.gz to compress).")
    Path out;

    @Option(names = "--comment", description = "A line for the file's header (repeatable).")
    List<String> comments = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      AllowListBuilder b = new AllowListBuilder();
      for (Path t : trees) {
        if (!Files.isDirectory(t)) {
          throw new CommandLine.ParameterException(spec.commandLine(), "not a folder: " + t);
        }
        b.add(t);
      }
      b.write(out, comments);
      PrintWriter err = spec.commandLine().getErr();
      err.printf("%s: %,d files, %,d distinct digests%n", out, b.files(), b.size());
      err.flush();
      return ExitCodes.OK;
    }
  }
}
