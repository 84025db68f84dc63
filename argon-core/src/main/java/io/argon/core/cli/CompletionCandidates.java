package io.argon.core.cli;

import io.argon.task.Priority;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * The values shell completion offers for options that take a word from a fixed set, given to
 * picocli as {@code @Option(completionCandidates = ...)}: the completion scripts in the
 * distribution's {@code completion/} are generated from them.
 */
public final class CompletionCandidates {
    private CompletionCandidates() {
    }

    /** {@code --log-level}: the levels, most verbose first. */
    public static final class LogLevels implements Iterable<String> {
        private static final List<String> LEVELS = List.of("trace", "debug", "info", "warn", "error");

        @Override
        public Iterator<String> iterator() {
            return LEVELS.iterator();
        }
    }

    /** {@code --log-format}: one line of text, or one JSON object, per event. */
    public static final class LogFormats implements Iterable<String> {
        private static final List<String> FORMATS = List.of("text", "json");

        @Override
        public Iterator<String> iterator() {
            return FORMATS.iterator();
        }
    }

    /** {@code --priority}: each {@link Priority} as it is written, most urgent first. */
    public static final class Priorities implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Priority.values()).map(Priority::wireName).iterator();
        }
    }
}
