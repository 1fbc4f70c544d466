package dev.mimamori.fim;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Daemon threads named for what they do, so a stuck check shows in a thread dump. */
final class FimThreads {
  private static final AtomicInteger COUNT = new AtomicInteger();

  private FimThreads() {}

  static ThreadFactory factory() {
    return r -> {
      Thread t = new Thread(r, "mimamori-fim-" + COUNT.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
