package io.argon.core;

/** "1 worker", "2 workers": counts as they read in logs and messages. */
public final class Plural {
    private Plural() {
    }

    public static String of(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
