package io.stratus.identity.token;

import io.stratus.common.error.StratusException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.function.Supplier;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals token payloads with AES-256-GCM and opens them again. A token is base64url of
 * [version 1 byte][key id 4 bytes][nonce 12 bytes][ciphertext and 16-byte tag]; the version and key id
 * are authenticated too. Opening checks the tag and the expiry.
 */
public final class TokenSealer {
  private static final byte VERSION = 1;
  private static final int HEADER = 5;
  private static final int NONCE = 12;
  private static final int TAG_BITS = 128;
  private static final int MAX_TOKEN_CHARS = 4096;

  private final Supplier<KeyRing> keys;
  private final SecureRandom random;

  public TokenSealer(Supplier<KeyRing> keys, SecureRandom random) {
    this.keys = keys;
    this.random = random;
  }

  public String seal(TokenPayload payload) {
    TokenKey key = keys.get().primary();
    byte[] nonce = new byte[NONCE];
    random.nextBytes(nonce);
    byte[] header = ByteBuffer.allocate(HEADER).put(VERSION).putInt(key.id()).array();
    byte[] sealed = crypt(Cipher.ENCRYPT_MODE, key, nonce, header, payload.toJson().toBuffer().getBytes());
    ByteBuffer token = ByteBuffer.allocate(HEADER + NONCE + sealed.length).put(header).put(nonce).put(sealed);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(token.array());
  }

  /** The payload of a genuine, unexpired token; UNAUTHORIZED otherwise. */
  public TokenPayload open(String token, Instant now) {
    TokenPayload payload = decrypt(token);
    if (!now.isBefore(payload.expiresAt())) throw StratusException.unauthorized("The token has expired.");
    return payload;
  }

  private TokenPayload decrypt(String token) {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) throw invalid();
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    if (raw.length < HEADER + NONCE + TAG_BITS / 8 || raw[0] != VERSION) throw invalid();
    ByteBuffer buffer = ByteBuffer.wrap(raw);
    buffer.get();
    TokenKey key = keys.get().find(buffer.getInt());
    if (key == null) throw invalid();
    byte[] header = new byte[HEADER];
    System.arraycopy(raw, 0, header, 0, HEADER);
    byte[] nonce = new byte[NONCE];
    System.arraycopy(raw, HEADER, nonce, 0, NONCE);
    byte[] sealed = new byte[raw.length - HEADER - NONCE];
    System.arraycopy(raw, HEADER + NONCE, sealed, 0, sealed.length);
    byte[] plain = crypt(Cipher.DECRYPT_MODE, key, nonce, header, sealed);
    try {
      return TokenPayload.fromJson(new JsonObject(Buffer.buffer(plain)));
    } catch (DecodeException | ClassCastException | NullPointerException e) {
      throw invalid();
    }
  }

  private static byte[] crypt(int mode, TokenKey key, byte[] nonce, byte[] aad, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, new SecretKeySpec(key.key(), "AES"), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(aad);
      return cipher.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw invalid();
    }
  }

  private static StratusException invalid() {
    return StratusException.unauthorized("The token is invalid.");
  }
}
