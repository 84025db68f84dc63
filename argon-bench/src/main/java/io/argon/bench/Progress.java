package io.argon.bench;

import java.io.PrintWriter;

/**
 * Shows a run's progress on stderr, so stdout keeps only the report. On a terminal it redraws
 * one bar in place; otherwise (a log file, a CI job) it writes a line each time another tenth
 * of the tasks is done, so logs stay short whatever the task count.
 *
 * <p>It is driven by the bench's main thread a few times a second, never from the path that
 * sends and answers tasks.
 */
final class Progress {
    private static final int BAR_WIDTH = 30;

    private final PrintWriter out;
    private final boolean terminal;
    private final String label;
    private final long total;
    private final long startNanos;
    private int tenthsShown;

    Progress(PrintWriter out, boolean terminal, String label, long total, long startNanos) {
        this.out = out;
        this.terminal = terminal;
        this.label = label;
        this.total = total;
        this.startNanos = startNanos;
    }

    /** On {@code err} (stderr), as a bar when the bench runs on a terminal. */
    static Progress on(PrintWriter err, String label, long total, long startNanos) {
        return new Progress(err, System.console() != null, label, total, startNanos);
    }

    void update(long done, long errors, long nowNanos) {
        if (terminal) {
            out.print("\r" + bar(done, errors, nowNanos));
            out.flush();
            return;
        }
        int tenths = total == 0 ? 10 : (int) Math.min(10, done * 10 / total);
        if (tenths > tenthsShown) {
            tenthsShown = tenths;
            out.println(line(done, errors, nowNanos));
        }
    }

    /** The last update: the bar ends its line; in line mode, the 100% line is written if missing. */
    void finish(long done, long errors, long nowNanos) {
        if (terminal) {
            out.print("\r" + bar(done, errors, nowNanos));
            out.println();
        } else if (tenthsShown < 10 || done < total) {
            tenthsShown = 10;
            out.println(line(done, errors, nowNanos));
        }
        out.flush();
    }

    String line(long done, long errors, long nowNanos) {
        return label + ": " + done + "/" + total + " tasks (" + percent(done) + "%), "
                + rate(done, nowNanos) + " tasks/s, " + errors + (errors == 1 ? " error" : " errors");
    }

    String bar(long done, long errors, long nowNanos) {
        int filled = total == 0 ? BAR_WIDTH : (int) Math.min(BAR_WIDTH, done * BAR_WIDTH / total);
        return label + " [" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "] "
                + done + "/" + total + " " + percent(done) + "% "
                + rate(done, nowNanos) + " tasks/s " + errors + (errors == 1 ? " error " : " errors ");
    }

    private long percent(long done) {
        return total == 0 ? 100 : done * 100 / total;
    }

    private String rate(long done, long nowNanos) {
        double seconds = (nowNanos - startNanos) / 1e9;
        return seconds > 0 ? BenchFormat.decimal(Math.round(done / seconds), 0) : "-";
    }
}
