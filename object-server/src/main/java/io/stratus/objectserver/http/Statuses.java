package io.stratus.objectserver.http;

/** Reason phrases Swift uses that Netty does not know or words differently. */
final class Statuses {
  private Statuses() {
  }

  static String reason(int status) {
    return switch (status) {
      case 499 -> "Client Disconnect";
      case 507 -> "Insufficient Storage";
      case 422 -> "Unprocessable Entity";
      case 416 -> "Requested Range Not Satisfiable";
      default -> null;
    };
  }
}
