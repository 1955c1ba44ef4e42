package io.githydrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class BatchQueueTest {
  /** Long enough for a producer that could go on to do so; the tests only wait this for a block. */
  private static final long BLOCKED_MILLIS = 200;

  private static CompletableFuture<Void> putLater(BatchQueue<String> queue, String item, long bytes) {
    return CompletableFuture.runAsync(() -> {
      try {
        queue.put(item, bytes);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private static boolean blocked(CompletableFuture<Void> put) throws Exception {
    try {
      put.get(BLOCKED_MILLIS, TimeUnit.MILLISECONDS);
      return false;
    } catch (TimeoutException e) {
      return true;
    }
  }

  @Test
  void aProducerWaitsOnceTheBytesHeldReachTheLimit() throws Exception {
    BatchQueue<String> queue = new BatchQueue<>(100, 1000);
    queue.put("a", 600);
    queue.put("b", 400);
    CompletableFuture<Void> third = putLater(queue, "c", 1);
    assertTrue(blocked(third), "1,000 bytes are held: no room for one more");
    assertEquals("a", queue.take());
    assertTrue(blocked(third), "the consumer still works on the batch it took last");
    assertEquals("b", queue.take());
    third.get(5, TimeUnit.SECONDS);
    assertEquals("c", queue.take());
  }

  @Test
  void aBatchLargerThanTheLimitWaitsUntilNothingElseIsHeld() throws Exception {
    BatchQueue<String> queue = new BatchQueue<>(100, 1000);
    queue.put("small", 1);
    CompletableFuture<Void> huge = putLater(queue, "huge", 50_000);
    assertTrue(blocked(huge));
    assertEquals("small", queue.take());
    assertTrue(blocked(huge), "\"small\" is held until the next take");
    CompletableFuture<String> next = CompletableFuture.supplyAsync(() -> {
      try {
        return queue.take();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    assertEquals("huge", next.get(5, TimeUnit.SECONDS));
    huge.get(5, TimeUnit.SECONDS);
  }

  @Test
  void itemsThatAreNotRowsAreBoundOnlyByCount() throws Exception {
    BatchQueue<String> queue = new BatchQueue<>(2, 10);
    queue.put("rows", 10);
    queue.put("end", 0);
    CompletableFuture<Void> third = putLater(queue, "more", 0);
    assertTrue(blocked(third), "two items fill a queue of two");
    assertEquals("rows", queue.take());
    third.get(5, TimeUnit.SECONDS);
    assertFalse(third.isCompletedExceptionally());
  }
}
