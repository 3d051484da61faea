package io.stratus.identity.service;

import io.stratus.identity.crypto.PasswordHasher;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;

/** Password hashing and checking on a dedicated worker pool, never on the event loop. */
public final class PasswordService {
  private final PasswordHasher hasher;
  private final WorkerExecutor executor;

  public PasswordService(PasswordHasher hasher, WorkerExecutor executor) {
    this.hasher = hasher;
    this.executor = executor;
  }

  public Future<String> hash(String password) {
    return executor.executeBlocking(() -> hasher.hash(password), false);
  }

  public Future<Boolean> verify(String password, String hash) {
    if (hash == null) return Future.succeededFuture(false);
    return executor.executeBlocking(() -> hasher.verify(password, hash), false);
  }

  public void close() {
    executor.close();
  }
}
