package dev.mimamori.incidents.respond;

import dev.mimamori.model.Observable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Blocks an address or network in the kernel: adds it to an nftables set ({@code inet mimamori
 * blocklist4} or {@code blocklist6}, {@code flags interval, timeout}) whose drop rules sit in an
 * {@code input} chain of the same table. With a ttl the element carries it as its timeout, so the
 * kernel itself ends the block, even if mimamori is down. The table, sets and chain are created
 * when missing. {@code nft} runs with argument lists, never a shell, and only validated IP/CIDR
 * literals and configured names reach it. Undo deletes the element.
 */
public final class NftablesBlockAction implements ResponseAction {
  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,31}");

  /**
   * Settings.
   *
   * @param nftCommand how to run nft, e.g. {@code ["nft"]} or {@code ["ip","netns","exec","NS",
   *     "nft"]}
   * @param table the {@code inet} table holding the sets
   * @param set4 the IPv4 set
   * @param set6 the IPv6 set
   * @param dropRules whether a table created by mimamori gets the input chain that drops traffic
   *     from the sets (false: the operator's own rules use the sets)
   */
  public record Config(
      List<String> nftCommand, String table, String set4, String set6, boolean dropRules) {
    public Config {
      nftCommand = Commands.checked(nftCommand, "nftCommand");
      for (String n : List.of(table, set4, set6)) {
        if (!NAME.matcher(n).matches()) {
          throw new IllegalArgumentException(
              "nftables names are a letter then letters, digits, _ or -: '" + n + "'");
        }
      }
      if (set4.equals(set6)) {
        throw new IllegalArgumentException("set4 and set6 must differ");
      }
    }

    /** {@code nft}, table {@code inet mimamori}, sets {@code blocklist4} and {@code blocklist6}. */
    public Config() {
      this(List.of("nft"));
    }

    public Config(List<String> nftCommand) {
      this(nftCommand, "mimamori", "blocklist4", "blocklist6", true);
    }
  }

  private final Config config;

  public NftablesBlockAction(Config config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  @Override
  public String type() {
    return "nftables-block";
  }

  @Override
  public boolean expiresByItself() {
    return true;
  }

  @Override
  public ActionResult execute(ActionRequest request) throws ActionException {
    IpNet net = target(request);
    String set = set(net);
    String element = net + (request.ttl() == null ? "" : " timeout " + seconds(request.ttl()));
    if (request.dryRun()) {
      return ActionResult.dryRun(
          "would add "
              + element
              + " to nftables set inet "
              + config.table()
              + " "
              + set
              + (request.ttl() == null ? " (until undone)" : " (the kernel expires it)"));
    }
    ensure();
    if (present(net)) {
      return new ActionResult(
          false, net + " is already in nftables set inet " + config.table() + " " + set);
    }
    Commands.run(
        nft("add", "element", "inet", config.table(), set, "{ " + element + " }"),
        null,
        "nft add element");
    return new ActionResult(
        true,
        "blocked "
            + net
            + " in nftables set inet "
            + config.table()
            + " "
            + set
            + (request.ttl() == null
                ? " until undone"
                : " for " + seconds(request.ttl()) + " (the kernel expires it)"));
  }

  @Override
  public ActionResult undo(ActionRequest request) throws ActionException {
    IpNet net = target(request);
    String set = set(net);
    if (request.dryRun()) {
      return ActionResult.dryRun(
          "would delete " + net + " from nftables set inet " + config.table() + " " + set);
    }
    Commands.Outcome o =
        Commands.attempt(
            nft("delete", "element", "inet", config.table(), set, "{ " + net + " }"), null);
    if (!o.ok()) {
      if (absent(o)) {
        return new ActionResult(
            false, net + " was not in nftables set inet " + config.table() + " " + set);
      }
      throw new ActionException(
          "nft delete element failed (exit status "
              + o.exitCode()
              + "): "
              + Commands.oneLine(o.output()),
          true);
    }
    return new ActionResult(
        true,
        "unblocked "
            + net
            + " (deleted from nftables set inet "
            + config.table()
            + " "
            + set
            + ")");
  }

  /** Creates the table, sets and (optionally) the drop chain when they are missing. */
  public void ensure() throws ActionException {
    Commands.Outcome table = Commands.attempt(nft("list", "table", "inet", config.table()), null);
    if (!table.ok()) {
      if (!absent(table)) {
        throw new ActionException(
            "nft list table failed: " + Commands.oneLine(table.output()), true);
      }
      Commands.run(nft("-f", "-"), tableScript(), "nft create table inet " + config.table());
      return;
    }
    for (String set : List.of(config.set4(), config.set6())) {
      Commands.Outcome s = Commands.attempt(nft("list", "set", "inet", config.table(), set), null);
      if (!s.ok()) {
        Commands.run(
            nft("-f", "-"),
            "add set inet " + config.table() + " " + setBody(set) + "\n",
            "nft add set " + set);
      }
    }
  }

  /** The script that creates the table: validated names only. */
  String tableScript() {
    StringBuilder s = new StringBuilder();
    s.append("table inet ").append(config.table()).append(" {\n");
    s.append("\tset ").append(setBody(config.set4())).append('\n');
    s.append("\tset ").append(setBody(config.set6())).append('\n');
    if (config.dropRules()) {
      s.append("\tchain input {\n");
      s.append("\t\ttype filter hook input priority filter - 10; policy accept;\n");
      s.append("\t\tip saddr @").append(config.set4()).append(" drop\n");
      s.append("\t\tip6 saddr @").append(config.set6()).append(" drop\n");
      s.append("\t}\n");
    }
    s.append("}\n");
    return s.toString();
  }

  private String setBody(String set) {
    String type = set.equals(config.set4()) ? "ipv4_addr" : "ipv6_addr";
    return set + " { type " + type + "; flags interval, timeout; }";
  }

  private boolean present(IpNet net) throws ActionException {
    Commands.Outcome o =
        Commands.attempt(
            nft("get", "element", "inet", config.table(), set(net), "{ " + net + " }"), null);
    if (o.ok()) {
      return true;
    }
    if (absent(o)) {
      return false;
    }
    throw new ActionException("nft get element failed: " + Commands.oneLine(o.output()), true);
  }

  private static boolean absent(Commands.Outcome o) {
    return o.output().contains("No such file or directory")
        || o.output().contains("does not exist");
  }

  private String set(IpNet net) {
    return net.isV6() ? config.set6() : config.set4();
  }

  private List<String> nft(String... args) {
    List<String> c = new ArrayList<>(config.nftCommand());
    c.addAll(List.of(args));
    return c;
  }

  static String seconds(Duration ttl) {
    long s = ttl.getSeconds() + (ttl.getNano() > 0 ? 1 : 0);
    return Math.max(1, s) + "s";
  }

  private static IpNet target(ActionRequest request) throws ActionException {
    if (request.target().type() != Observable.Type.IP) {
      throw new ActionException(
          "nftables-block acts on IP addresses, not " + request.target().type().label(), false);
    }
    return IpNet.parse(request.target().value());
  }
}
