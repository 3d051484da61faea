package io.stratus.identity.store;

/** One change in an atomic write: a put of a value, or a delete when value is null. */
public record Mutation(String key, byte[] value) {

  public static Mutation put(String key, byte[] value) {
    return new Mutation(key, value);
  }

  public static Mutation delete(String key) {
    return new Mutation(key, null);
  }
}
