package dev.mimamori.incidents.notify;

import java.io.PrintStream;
import java.util.function.Supplier;

/** Writes one line per notification to a stream (the console by default). */
public final class LogNotifier implements Notifier {

  /** Settings: none yet; where to write comes from the factory. */
  public record Config() {}

  private final Supplier<PrintStream> out;

  public LogNotifier(Config config) {
    this(() -> System.out);
  }

  LogNotifier(Supplier<PrintStream> out) {
    this.out = out;
  }

  @Override
  public String type() {
    return "log";
  }

  @Override
  public void send(Notification n) {
    var i = n.incident();
    String what =
        switch (n.kind()) {
          case INCIDENT_OPENED -> "opened";
          case INCIDENT_ESCALATED -> "escalated";
          case PAGE -> "paged";
          case STATUS_CHANGED -> "now " + i.status().label();
          case SUMMARY -> "summary";
          case REPORT -> "report";
        };
    out.get()
        .printf(
            "mimamori: incident %s %s [%s] %s (%d alert%s)%n",
            i.id(),
            what,
            i.severity().label(),
            Sanitize.oneLine(i.title()),
            i.alertCount(),
            i.alertCount() == 1 ? "" : "s");
  }
}
