package io.stratus.gateway.swift;

import io.stratus.common.error.ErrorCode;
import io.vertx.core.MultiMap;
import io.stratus.gateway.http.SwiftErrors;
import java.util.List;

/**
 * The signed fields of a Swift form post (redirect, max_file_size, max_file_count, expires,
 * signature, and x_delete_at / x_delete_after) and their check: a well-formed, unexpired form whose
 * signature is the HMAC of {@code path\nredirect\nmax_file_size\nmax_file_count\nexpires} under one
 * of the keys. Failures are Swift's formpost texts (400 "FormPost: ..." or 401).
 */
record FormFields(String redirect, String maxFileSizeText, String maxFileCountText, String expiresText, String signature,
    String deleteAt, String deleteAfter, long now) {

  static FormFields of(MultiMap form, SwiftPath path, long now) {
    return new FormFields(form.get("redirect") == null ? "" : form.get("redirect"), form.get("max_file_size"),
        form.get("max_file_count"), form.get("expires"), form.get("signature"), form.get("x_delete_at"),
        form.get("x_delete_after"), now);
  }

  long maxFileSize() {
    return number(maxFileSizeText, "max_file_size");
  }

  long maxFileCount() {
    return number(maxFileCountText, "max_file_count");
  }

  /** The X-Delete-At / X-Delete-After headers the form asks the files to have. */
  MultiMap deleteHeaders() {
    MultiMap h = MultiMap.caseInsensitiveMultiMap();
    if (deleteAt != null) h.add("X-Delete-At", deleteAt);
    if (deleteAfter != null) h.add("X-Delete-After", deleteAfter);
    return h;
  }

  /** Fails unless the form is well formed, unexpired and signed under one of {@code keys} for {@code path}. */
  void check(List<String> keys, String path) {
    maxFileSize();
    maxFileCount();
    long expires;
    try {
      expires = Long.parseLong(expiresText == null ? "" : expiresText);
    } catch (NumberFormatException e) {
      throw FormPost.unauthorized("invalid expires");
    }
    if (expires < now) throw FormPost.unauthorized("form expired");
    TempUrlSignature.Digest sig = TempUrlSignature.parse(signature);
    if (sig == null) throw FormPost.unauthorized("invalid signature");
    String body = path + "\n" + redirect + "\n" + maxFileSizeText + "\n" + maxFileCountText + "\n" + expiresText;
    for (String key : keys) {
      if (TempUrlSignature.matches(sig, key, body)) return;
    }
    throw FormPost.unauthorized("invalid signature");
  }

  private static long number(String text, String name) {
    try {
      return Long.parseLong(text == null ? "" : text);
    } catch (NumberFormatException e) {
      throw SwiftErrors.plain(ErrorCode.BAD_REQUEST, "FormPost: " + name + " not an integer");
    }
  }
}
