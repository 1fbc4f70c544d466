package dev.mimamori.pipeline;

import dev.mimamori.model.Event;
import java.io.IOException;

/**
 * Where parsed events are kept (the archive). The pipeline adds every event as it is parsed and
 * calls {@link #commit()} before it saves a read position, so a saved position always lies behind
 * durable events. Before it reads a stream from a saved position it calls {@link #discardFrom}:
 * events stored past that position before a crash are read again, so the sink forgets them first
 * and nothing is stored twice. Calls come from one thread.
 */
public interface EventSink {
  EventSink NONE =
      new EventSink() {
        @Override
        public void add(Event event, StreamId stream) {}

        @Override
        public void commit() {}
      };

  /** Stores an event read from {@code stream} at {@code event.logOffset()}. */
  void add(Event event, StreamId stream) throws IOException;

  /** Stores events read from {@code stream}, in order. */
  default void addAll(java.util.List<Event> events, StreamId stream) throws IOException {
    for (Event e : events) {
      add(e, stream);
    }
  }

  /** Makes everything added so far durable. */
  void commit() throws IOException;

  /** Forgets the events of {@code stream} at or after {@code offset}: they are read again. */
  default void discardFrom(StreamId stream, long offset) throws IOException {}
}
