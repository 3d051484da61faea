package io.stratus.platform;

/** The `stratus` launcher: dispatches sub-commands (placeholder until the CLI lands). */
public final class Stratus {
    private Stratus() {
    }

    public static void main(String[] args) {
        System.out.println("stratus");
    }
}
