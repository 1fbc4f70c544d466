package dev.mimamori.agent;

import java.util.ArrayDeque;
import java.util.List;

/** The agent's recent problems, for its heartbeat: the last few, each once in a row. */
final class Problems {
  private static final int KEEP = 10;
  private final ArrayDeque<String> recent = new ArrayDeque<>();

  /** Keeps a problem; true when it is not the same as the last one (worth logging). */
  synchronized boolean report(String problem) {
    String p = problem.length() > 300 ? problem.substring(0, 300) : problem;
    if (p.equals(recent.peekLast())) {
      return false;
    }
    recent.addLast(p);
    while (recent.size() > KEEP) {
      recent.removeFirst();
    }
    return true;
  }

  synchronized List<String> recent() {
    return List.copyOf(recent);
  }
}
