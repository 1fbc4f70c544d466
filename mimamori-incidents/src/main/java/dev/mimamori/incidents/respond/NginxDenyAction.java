package dev.mimamori.incidents.respond;

import dev.mimamori.model.Observable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Blocks an address by adding {@code deny ADDRESS;} to an nginx include file (included in the
 * shop's {@code server} block; the operator's reload picks it up). Only IP literals are accepted,
 * so nothing an attacker controls can become nginx configuration. The file is replaced atomically.
 */
public final class NginxDenyAction implements ResponseAction {

  /** Settings: the include file to maintain. */
  public record Config(Path denyFile) {
    public Config {
      Objects.requireNonNull(denyFile, "denyFile");
    }
  }

  private static final Pattern IPV4 =
      Pattern.compile(
          "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  private final Path file;

  public NginxDenyAction(Config config) {
    this.file = config.denyFile();
  }

  @Override
  public String type() {
    return "nginx-deny";
  }

  @Override
  public ActionResult execute(ActionRequest request) throws ActionException {
    if (request.target().type() != Observable.Type.IP) {
      throw new ActionException(
          "nginx-deny acts on IP addresses, not " + request.target().type().label(), false);
    }
    String ip = canonicalIp(request.target().value());
    String line = "deny " + ip + ";";
    synchronized (NginxDenyAction.class) {
      try {
        List<String> lines =
            Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        if (lines.contains(line)) {
          return new ActionResult(false, ip + " was already denied in " + file);
        }
        List<String> out = new ArrayList<>(lines);
        out.add("# mimamori incident " + request.incidentId());
        out.add(line);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, out, StandardCharsets.UTF_8);
        try {
          Files.move(
              tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return new ActionResult(true, "denied " + ip + " in " + file + "; reload nginx to apply");
      } catch (IOException e) {
        throw new ActionException("cannot update " + file + ": " + e.getMessage(), true, e);
      }
    }
  }

  /** The address in canonical form; anything that is not an IP literal is refused. */
  static String canonicalIp(String value) throws ActionException {
    String v = value.trim();
    boolean v4 = IPV4.matcher(v).matches();
    boolean v6 = !v4 && v.indexOf(':') >= 0 && IPV6_CHARS.matcher(v).matches();
    if (!v4 && !v6) {
      throw new ActionException("not an IP address: '" + v + "'", false);
    }
    try {
      // Only literals reach here, so this never does a DNS lookup.
      return InetAddress.getByName(v).getHostAddress();
    } catch (UnknownHostException e) {
      throw new ActionException("not an IP address: '" + v + "'", false, e);
    }
  }
}
