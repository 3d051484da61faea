package io.stratus.objectserver.store;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Group commit of one database's rows (a container's object rows): rows that arrive while the
 * database's previous group is being written wait together and go out as the next group, in one
 * synced write, so a busy container pays one WAL sync per group rather than one per row. The first
 * row of a group leads: it takes the database's lock (the previous group's write finishes under it),
 * closes the group and writes it; the others wait for its result. Runs on the store's workers.
 *
 * @param <R> a row
 * @param <T> what writing a group answers (the same for every row of it)
 */
final class RowGroups<R, T> {
  /** Writes one group of rows under the database's lock. */
  @FunctionalInterface
  interface Writer<R, T> {
    T write(List<R> rows) throws Exception;
  }

  /** Rows waiting to be written together, and the answer once they are. */
  private final class Group {
    final List<R> rows = new ArrayList<>();
    final CompletableFuture<T> written = new CompletableFuture<>();
  }

  private final Map<ByteBuffer, Group> open = new HashMap<>();

  /**
   * Adds the rows to the database's open group and returns once the group is written: its answer,
   * or the write's failure. {@code lock} serialises writes to the database.
   */
  T submit(byte[] db, Object lock, List<R> rows, Writer<R, T> writer) throws Exception {
    ByteBuffer key = ByteBuffer.wrap(db);
    Group group;
    boolean leader;
    synchronized (open) {
      group = open.get(key);
      leader = group == null;
      if (leader) {
        group = new Group();
        open.put(key, group);
      }
      group.rows.addAll(rows);
    }
    if (leader) lead(key, group, lock, writer);
    try {
      return group.written.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) throw cause;
      throw e;
    }
  }

  private void lead(ByteBuffer key, Group group, Object lock, Writer<R, T> writer) {
    synchronized (lock) {
      List<R> rows;
      synchronized (open) {
        open.remove(key);
        rows = List.copyOf(group.rows);
      }
      try {
        group.written.complete(writer.write(rows));
      } catch (Exception | Error e) {
        group.written.completeExceptionally(e);
      }
    }
  }
}
