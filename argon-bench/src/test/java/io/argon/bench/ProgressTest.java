package io.argon.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProgressTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final StringWriter written = new StringWriter();

    private Progress progress(boolean terminal, long total) {
        return new Progress(new PrintWriter(written, true), terminal, "bench", total, 0);
    }

    private List<String> lines() {
        return written.toString().lines().toList();
    }

    @Test
    void withoutATerminalWritesALineEachTenth() {
        Progress progress = progress(false, 1000);
        for (int done = 0; done <= 1000; done += 25) {
            progress.update(done, 0, SECOND);
        }
        progress.finish(1000, 0, SECOND);
        assertThat(lines()).hasSize(10);
        assertThat(lines().get(0)).isEqualTo("bench: 100/1000 tasks (10%), 100 tasks/s, 0 errors");
        assertThat(lines().get(9)).isEqualTo("bench: 1000/1000 tasks (100%), 1000 tasks/s, 0 errors");
    }

    @Test
    void aJumpOverSeveralTenthsWritesOneLine() {
        Progress progress = progress(false, 100);
        progress.update(55, 1, 2 * SECOND);
        progress.finish(100, 1, 4 * SECOND);
        assertThat(lines()).containsExactly(
                "bench: 55/100 tasks (55%), 28 tasks/s, 1 error",
                "bench: 100/100 tasks (100%), 25 tasks/s, 1 error");
    }

    @Test
    void finishWritesTheLastLineWhenTheRunStoppedShort() {
        Progress progress = progress(false, 100);
        progress.update(100, 0, SECOND);
        progress.finish(100, 0, SECOND);
        assertThat(lines()).hasSize(1);

        StringWriter other = new StringWriter();
        Progress timedOut = new Progress(new PrintWriter(other, true), false, "bench", 100, 0);
        timedOut.finish(40, 60, SECOND);
        assertThat(other.toString()).isEqualTo("bench: 40/100 tasks (40%), 40 tasks/s, 60 errors" + System.lineSeparator());
    }

    @Test
    void onATerminalRedrawsOneBarInPlace() {
        Progress progress = progress(true, 200);
        progress.update(50, 0, SECOND);
        progress.update(100, 2, 2 * SECOND);
        progress.finish(200, 2, 4 * SECOND);
        String out = written.toString();
        assertThat(out).startsWith("\rbench [#######-----------------------] 50/200 25% 50 tasks/s 0 errors ");
        assertThat(out).contains("\rbench [###############---------------] 100/200 50% 50 tasks/s 2 errors ");
        assertThat(out).endsWith("\rbench [##############################] 200/200 100% 50 tasks/s 2 errors " + System.lineSeparator());
        assertThat(out.split(System.lineSeparator(), -1)).hasSize(2);
    }
}
