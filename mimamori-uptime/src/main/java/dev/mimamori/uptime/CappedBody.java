package dev.mimamori.uptime;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads at most a cap of a response body and then cancels the stream, so that a 1 GB body costs no
 * more than the cap; {@link #abort()} ends a body that trickles in forever (slowloris).
 */
final class CappedBody implements BodySubscriber<CappedBody.Body> {
  /** What was read. */
  record Body(byte[] bytes, boolean truncated) {}

  private final int cap;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final CompletableFuture<Body> result = new CompletableFuture<>();
  private volatile Flow.@org.jspecify.annotations.Nullable Subscription subscription;

  CappedBody(int cap) {
    this.cap = cap;
  }

  @Override
  public CompletionStage<Body> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (result.isDone()) {
      s.cancel();
    } else {
      s.request(1);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    synchronized (out) {
      for (ByteBuffer b : items) {
        int n = Math.min(b.remaining(), cap - out.size());
        byte[] chunk = new byte[n];
        b.get(chunk);
        out.write(chunk, 0, n);
        if (b.hasRemaining() || out.size() >= cap) {
          finish(true);
          return;
        }
      }
    }
    Flow.Subscription s = subscription;
    if (s != null) {
      s.request(1);
    }
  }

  @Override
  public void onError(Throwable t) {
    result.completeExceptionally(t);
  }

  @Override
  public void onComplete() {
    synchronized (out) {
      result.complete(new Body(out.toByteArray(), false));
    }
  }

  /** Ends reading now: the connection is closed and what was read so far is discarded. */
  void abort() {
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
    result.completeExceptionally(new java.util.concurrent.TimeoutException("body read timed out"));
  }

  private void finish(boolean truncated) {
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
    result.complete(new Body(out.toByteArray(), truncated));
  }
}
