package dev.mimamori.pipeline;

import dev.mimamori.model.Event;
import java.io.IOException;

/**
 * Where parsed events are kept (the archive). The pipeline adds every event as it is parsed and
 * calls {@link #commit()} before it saves a read position, so a saved position always lies behind
 * durable events. Adding the same event again (same source and offset, after a crash) must not
 * store it twice.
 */
public interface EventSink {
  EventSink NONE =
      new EventSink() {
        @Override
        public void add(Event event) {}

        @Override
        public void commit() {}
      };

  void add(Event event) throws IOException;

  /** Makes everything added so far durable. */
  void commit() throws IOException;
}
