package dev.mimamori.pipeline;

import dev.mimamori.detect.Detector;
import dev.mimamori.incidents.Correlation;
import dev.mimamori.incidents.IncidentCorrelator;
import dev.mimamori.incidents.notify.Notification;
import dev.mimamori.incidents.notify.NotificationException;
import dev.mimamori.incidents.notify.Notifier;
import dev.mimamori.model.Alert;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.LogParser;
import dev.mimamori.sensors.parse.ParseResult;
import dev.mimamori.sensors.parse.Parsers;
import dev.mimamori.sensors.source.FileLineReader;
import dev.mimamori.sensors.source.RawLine;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event path: reader threads (one per source) feed a bounded line queue; one detect worker
 * parses, normalizes and runs the rules; a bounded alert queue feeds one incident worker that
 * groups, stores and notifies. A full queue blocks its producer: a flood slows the readers, the
 * heap stays bounded. Read positions travel through the queues behind the lines they follow and are
 * saved only once everything before them is stored, so a crash re-reads rather than loses.
 */
public final class Pipeline implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
  private static final int CHECKPOINT_EVERY_LINES = 1000;
  private static final long FOLLOW_POLL_MILLIS = 250;
  private static final int NOTIFY_ATTEMPTS = 3;

  private sealed interface Work {}

  /** Lines travel in batches: one queue hand-off per line would cost more than parsing it. */
  private record LineBatch(SourceSpec source, LogParser parser, List<RawLine> lines)
      implements Work {}

  private record AlertItem(Alert alert) implements Work {}

  private record Mark(SourceSpec source, CheckpointStore.Checkpoint checkpoint) implements Work {}

  private record Flush(CountDownLatch done) implements Work {}

  private record Stop() implements Work {}

  private final Detector detector;
  private final IncidentCorrelator correlator;
  private final CheckpointStore checkpoints;
  private final List<Notifier> notifiers;
  private final PipelineListener listener;
  private final BlockingQueue<Work> lines;
  private final int batchSize;
  private final BlockingQueue<Work> alerts;
  private final PipelineStats stats = new PipelineStats();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final List<Thread> readers = new CopyOnWriteArrayList<>();
  private final Thread detectWorker;
  private final Thread incidentWorker;

  public Pipeline(
      Detector detector,
      IncidentCorrelator correlator,
      CheckpointStore checkpoints,
      List<Notifier> notifiers,
      PipelineListener listener,
      int queueCapacity) {
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queue capacity must be at least 1");
    }
    this.detector = detector;
    this.correlator = correlator;
    this.checkpoints = checkpoints;
    this.notifiers = List.copyOf(notifiers);
    this.listener = listener;
    // The line queue holds about queueCapacity lines, in batches of up to 256.
    this.batchSize = Math.max(1, Math.min(256, queueCapacity / 4));
    this.lines = new ArrayBlockingQueue<>(Math.max(1, queueCapacity / batchSize));
    this.alerts = new ArrayBlockingQueue<>(queueCapacity);
    this.detectWorker = new Thread(this::detectLoop, "mimamori-detect");
    this.incidentWorker = new Thread(this::incidentLoop, "mimamori-incidents");
    detectWorker.start();
    incidentWorker.start();
  }

  public PipelineStats stats() {
    return stats;
  }

  /** Starts reading a source on its own thread, from its saved position. */
  public void addSource(SourceSpec source) {
    LogParser parser = Parsers.forFormat(source.format());
    Thread t = new Thread(() -> readLoop(source, parser), "mimamori-source-" + readers.size());
    t.setDaemon(true);
    readers.add(t);
    t.start();
  }

  /**
   * Waits until every source that does not follow has been read to its end and everything read has
   * gone through all stages.
   *
   * @return whether that happened within the timeout
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread r : readers) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedJoin(r, left);
      if (r.isAlive()) {
        return false;
      }
    }
    return flush(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
  }

  /** Waits until everything queued so far has gone through all stages. */
  public boolean flush(Duration timeout) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    if (!lines.offer(new Flush(done), timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      return false;
    }
    return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Stops reading, lets what was read drain through detection and storage, and stops the workers;
   * waits at most {@code timeout}.
   */
  public void close(Duration timeout) {
    if (!stopping.compareAndSet(false, true)) {
      return;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread r : readers) {
      r.interrupt();
    }
    try {
      for (Thread r : readers) {
        TimeUnit.NANOSECONDS.timedJoin(r, Math.max(1, deadline - System.nanoTime()));
      }
      if (!lines.offer(
          new Stop(), Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        LOG.warn("pipeline did not drain in time; unsaved positions will be re-read on restart");
        detectWorker.interrupt();
      }
      TimeUnit.NANOSECONDS.timedJoin(detectWorker, Math.max(1, deadline - System.nanoTime()));
      TimeUnit.NANOSECONDS.timedJoin(incidentWorker, Math.max(1, deadline - System.nanoTime()));
      if (incidentWorker.isAlive()) {
        incidentWorker.interrupt();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(8));
  }

  private void readLoop(SourceSpec source, LogParser parser) {
    FileLineReader reader = new FileLineReader(source.path());
    CheckpointStore.Checkpoint start =
        checkpoints.load(source).orElse(new CheckpointStore.Checkpoint(0, 1));
    FileLineReader.Position pos = new FileLineReader.Position(start.offset(), start.lineNumber());
    int[] sinceMark = {0};
    List<RawLine> batch = new ArrayList<>(batchSize);
    try {
      while (!stopping.get()) {
        FileLineReader.Position before = pos;
        try {
          pos =
              reader.read(
                  pos.offset(),
                  pos.lineNumber(),
                  !source.follow(),
                  line -> {
                    stats.linesRead.incrementAndGet();
                    batch.add(line);
                    if (batch.size() >= batchSize) {
                      putBatch(source, parser, batch);
                    }
                    if (++sinceMark[0] >= CHECKPOINT_EVERY_LINES) {
                      sinceMark[0] = 0;
                      putBatch(source, parser, batch);
                      lines.put(
                          new Mark(
                              source,
                              new CheckpointStore.Checkpoint(
                                  line.nextOffset(), line.lineNumber() + 1)));
                    }
                  });
        } catch (NoSuchFileException e) {
          if (!source.follow()) {
            throw e;
          }
        }
        putBatch(source, parser, batch);
        if (!pos.equals(before) || !source.follow()) {
          lines.put(
              new Mark(source, new CheckpointStore.Checkpoint(pos.offset(), pos.lineNumber())));
        }
        if (!source.follow()) {
          return;
        }
        Thread.sleep(FOLLOW_POLL_MILLIS);
      }
    } catch (InterruptedException | java.nio.channels.ClosedByInterruptException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      LOG.error("source {} failed: {}", source.path(), e.toString());
      listener.sourceFailed(source, e);
    }
  }

  private void putBatch(SourceSpec source, LogParser parser, List<RawLine> batch)
      throws InterruptedException {
    if (!batch.isEmpty()) {
      lines.put(new LineBatch(source, parser, List.copyOf(batch)));
      batch.clear();
    }
  }

  private void detectLoop() {
    try {
      while (true) {
        Work w = lines.take();
        if (w instanceof LineBatch b) {
          for (RawLine line : b.lines()) {
            detect(b.source(), b.parser(), line);
          }
        } else {
          alerts.put(w);
          if (w instanceof Stop) {
            return;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void detect(SourceSpec src, LogParser parser, RawLine raw) throws InterruptedException {
    ParseResult result;
    try {
      result =
          parser.parse(
              raw.text(),
              new LineContext(
                  src.tenant(), src.asset(), raw.path(), raw.offset(), raw.lineNumber()));
    } catch (RuntimeException e) {
      // A parser bug must not stop the pipeline; the line is reported, not dropped silently.
      result = new ParseResult.Rejected("parser failed: " + e, raw.lineNumber());
    }
    if (result instanceof ParseResult.Rejected r) {
      stats.linesRejected.incrementAndGet();
      listener.rejected(src, r);
      return;
    }
    stats.eventsParsed.incrementAndGet();
    for (Alert a : detector.process(((ParseResult.Parsed) result).event())) {
      stats.alerts.incrementAndGet();
      alerts.put(new AlertItem(a));
    }
  }

  private void incidentLoop() {
    try {
      while (true) {
        Work w = alerts.take();
        try {
          if (w instanceof AlertItem a) {
            correlate(a.alert());
          } else if (w instanceof Mark m) {
            checkpoints.save(m.source(), m.checkpoint());
          } else if (w instanceof Flush f) {
            f.done().countDown();
          } else if (w instanceof Stop) {
            return;
          }
        } catch (RuntimeException e) {
          LOG.error(
              "incident stage failed on {}: {}", w.getClass().getSimpleName(), e.toString(), e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void correlate(Alert alert) throws InterruptedException {
    Correlation c = correlator.accept(alert);
    if (c.created()) {
      stats.incidentsOpened.incrementAndGet();
    }
    listener.correlated(c);
    if (c.created() || c.escalated()) {
      Notification n =
          new Notification(
              c.created()
                  ? Notification.Kind.INCIDENT_OPENED
                  : Notification.Kind.INCIDENT_ESCALATED,
              c.incident());
      for (Notifier notifier : notifiers) {
        send(notifier, n);
      }
    }
  }

  private void send(Notifier notifier, Notification n) throws InterruptedException {
    List<String> errors = new ArrayList<>();
    for (int attempt = 1; attempt <= NOTIFY_ATTEMPTS; attempt++) {
      try {
        notifier.send(n);
        return;
      } catch (NotificationException e) {
        errors.add(e.getMessage());
        if (!e.temporary()) {
          break;
        }
        Thread.sleep(100L << attempt);
      } catch (RuntimeException e) {
        errors.add(e.toString());
        break;
      }
    }
    stats.notificationsFailed.incrementAndGet();
    LOG.error("notifier {} failed for incident {}: {}", notifier.type(), n.incident().id(), errors);
  }
}
