package io.argon.it;

/** Closing what a test opened, at its end, when a failure to close must not hide its outcome. */
final class Quietly {
    private Quietly() {
    }

    /** Closes {@code closeable} (if any), ignoring any failure: the test has already failed or finished. */
    static void close(AutoCloseable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (Exception ignored) {
            // best effort: the test has already failed or finished
        }
    }
}
