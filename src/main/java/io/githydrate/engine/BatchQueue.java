package io.githydrate.engine;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * Hands batches of rows from one thread to another, holding at most a number of batches and a
 * number of bytes of rows ({@link RowBytes}) between them, so that memory stays flat however large
 * the values: a batch larger than the whole limit waits until nothing else is held. A batch counts
 * until the consumer takes the next one, as the consumer is working on it until then.
 *
 * <p>One producer and one consumer. The producer's waits end with {@link InterruptedException}
 * when its thread is interrupted.
 */
final class BatchQueue<T> {
  private record Held<T>(T item, int bytes) {}

  private final BlockingQueue<Held<T>> queue;
  private final Semaphore bytes;
  private final int byteLimit;
  /** The bytes of the item the consumer took last; read and written by the consumer only. */
  private int taken;

  BatchQueue(int batches, int byteLimit) {
    this.queue = new ArrayBlockingQueue<>(batches);
    this.bytes = new Semaphore(byteLimit);
    this.byteLimit = byteLimit;
  }

  /** Waits for room for {@code item} of about {@code size} bytes (0 for what is not rows), then queues it. */
  void put(T item, long size) throws InterruptedException {
    int counted = (int) Math.min(size, byteLimit);
    bytes.acquire(counted);
    try {
      queue.put(new Held<>(item, counted));
    } catch (InterruptedException e) {
      bytes.release(counted);
      throw e;
    }
  }

  /** Waits for the next item, releasing the one taken before. */
  T take() throws InterruptedException {
    bytes.release(taken);
    taken = 0;
    Held<T> next = queue.take();
    taken = next.bytes();
    return next.item();
  }

  /** Drops what is queued, for a consumer that stops early. */
  void clear() {
    queue.clear();
  }
}
