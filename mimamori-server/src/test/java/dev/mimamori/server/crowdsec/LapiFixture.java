package dev.mimamori.server.crowdsec;

import dev.mimamori.incidents.respond.DecisionList;
import dev.mimamori.incidents.respond.DecisionStream;
import dev.mimamori.incidents.respond.IpNet;
import io.javalin.Javalin;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The LAPI routes in a process of their own, driven over standard input, so a test can run them
 * inside a network namespace next to a real bouncer. Commands: {@code ban VALUE SECONDS} (answers
 * {@code ok ID}), {@code delete ID}, {@code quit}. Prints {@code ready PORT} once listening.
 */
public final class LapiFixture {
  private LapiFixture() {}

  public static void main(String[] args) throws Exception {
    String key = args[0];
    DecisionList list = new DecisionList(Clock.systemUTC());
    Javalin app = Javalin.create();
    new CrowdSecLapiRoutes(
            list, new DecisionStream(list), Map.of(CrowdSecLapiRoutes.hashKey(key), "bouncer"))
        .register(app);
    app.start("127.0.0.1", 0);
    System.out.println("ready " + app.port());
    System.out.flush();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String[] w = line.trim().split(" ");
      switch (w[0]) {
        case "ban" -> {
          var d =
              list.ban(
                  IpNet.parse(w[1]),
                  Duration.ofSeconds(Long.parseLong(w[2])),
                  "mimamori/test",
                  "shop",
                  "inc");
          System.out.println("ok " + d.id());
        }
        case "delete" ->
            System.out.println(list.delete(Long.parseLong(w[1])).isPresent() ? "ok" : "none");
        case "quit" -> {
          app.stop();
          System.out.println("bye");
          System.out.flush();
          return;
        }
        default -> System.out.println("?");
      }
      System.out.flush();
    }
    app.stop();
  }
}
