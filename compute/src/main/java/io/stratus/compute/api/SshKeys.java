package io.stratus.compute.api;

import io.stratus.common.error.StratusException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.BufferUnderflowException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HexFormat;

/** OpenSSH public keys: generating an RSA pair (private key as PEM), checking an imported key, fingerprints. */
final class SshKeys {
  /** A generated pair: the OpenSSH public key line and the PEM private key. */
  record Generated(String publicKey, String privateKey) {
  }

  private SshKeys() {
  }

  /** A new 2048-bit RSA pair (blocking: run it on a worker). */
  static Generated generate(String comment) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair pair = generator.generateKeyPair();
      RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
      ByteArrayOutputStream blob = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(blob);
      writeString(out, "ssh-rsa".getBytes(StandardCharsets.US_ASCII));
      writeString(out, pub.getPublicExponent().toByteArray());
      writeString(out, pub.getModulus().toByteArray());
      String publicKey = "ssh-rsa " + Base64.getEncoder().encodeToString(blob.toByteArray()) + " " + comment;
      String pem = "-----BEGIN PRIVATE KEY-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPrivate().getEncoded())
          + "\n-----END PRIVATE KEY-----\n";
      return new Generated(publicKey, pem);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("could not generate a key pair", e);
    }
  }

  /** The MD5 fingerprint Nova shows (colon-separated hex of the key blob); 400 when the key is not an OpenSSH key. */
  static String fingerprint(String publicKey) {
    String[] parts = publicKey == null ? new String[0] : publicKey.trim().split("\\s+");
    try {
      if (parts.length < 2) throw new IllegalArgumentException("not '<type> <base64>'");
      byte[] blob = Base64.getDecoder().decode(parts[1]);
      ByteBuffer buffer = ByteBuffer.wrap(blob);
      byte[] type = new byte[buffer.getInt()];
      buffer.get(type);
      if (!new String(type, StandardCharsets.US_ASCII).equals(parts[0]) || !buffer.hasRemaining()) {
        throw new IllegalArgumentException("type mismatch");
      }
      byte[] md5 = MessageDigest.getInstance("MD5").digest(blob);
      return HexFormat.ofDelimiter(":").formatHex(md5);
    } catch (IllegalArgumentException | BufferUnderflowException | NegativeArraySizeException
        | GeneralSecurityException e) {
      throw StratusException.badRequest("Keypair data is invalid: failed to generate fingerprint");
    }
  }

  private static void writeString(DataOutputStream out, byte[] bytes) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }
}
