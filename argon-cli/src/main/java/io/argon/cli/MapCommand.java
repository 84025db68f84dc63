package io.argon.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argon.client.ArgonClient;
import io.argon.client.ArgonException;
import io.argon.client.FailureKind;
import io.argon.client.MapResult;
import io.argon.client.SubmitOptions;
import io.argon.core.Plural;
import io.argon.protocol.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/** {@code argon map}: one task per line of params on stdin, results on stdout in the same order. */
@Command(name = "map", mixinStandardHelpOptions = true, versionProvider = io.argon.core.cli.VersionProvider.class,
        header = "Runs one task per line of stdin, results in input order.",
        sortOptions = false, usageHelpAutoWidth = true,
        description = {"Runs one task per line of stdin, each line a JSON object of params, with at most -j in flight over one",
            "connection, and writes one line per task on stdout in input order: the result as JSON, or",
            "{\"error\": {\"kind\": ..., \"message\": ...}} for a task that failed (kind is an error kind of the protocol,",
            "'rejected' past the retry limit, 'connection' when it could not be sent, 'outcome_unknown' when the link was",
            "lost while it ran, 'cancelled', or 'bad_input' for a line that is not a JSON object).",
            "Ctrl-C cancels the tasks in flight where they run, reads no more input, and exits 130.",
            "Exit status: 0 when every line gave a result; 1 when any line failed (its error line says why) or no connection",
            "could be made; 130 after Ctrl-C."})
final class MapCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConnectOptions connect;

    @Option(names = {"-c", "--class"}, required = true, paramLabel = "CLASS", description = "The task class, e.g. io.argon.examples.SampleTask.")
    String className;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", defaultValue = "16",
            description = "Tasks in flight at once (default: ${DEFAULT-VALUE}); results that finish early wait for earlier ones, "
                    + "at most N of them.")
    int jobs;

    @Mixin
    TaskOptions task;

    @Override
    public Integer call() {
        if (jobs < 1 || jobs > 100_000) {
            throw new ParameterException(spec.commandLine(), "--jobs must be between 1 and 100000, got " + jobs);
        }
        SubmitOptions options = task.submitOptions(spec);
        PrintWriter out = spec.commandLine().getOut();
        Lines input = new Lines(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        int failed = 0;
        AtomicBoolean interrupted = new AtomicBoolean();
        try (ArgonClient client = connect.client(spec, task.clientOptions())) {
            client.connect();
            try (Stream<MapResult<JsonNode>> results = client.map(className, input, jobs, options)) {
                // Ctrl-C cancels what is in flight where it runs, so that no worker stays busy for nobody.
                Signal.handle(new Signal("INT"), signal -> {
                    interrupted.set(true);
                    results.close();
                });
                Iterator<MapResult<JsonNode>> outcomes = results.iterator();
                while (outcomes.hasNext()) {
                    MapResult<JsonNode> outcome = outcomes.next();
                    failed += input.writeBadLinesBefore(input.lineOf(outcome.index()), out);
                    if (outcome.failed()) {
                        failed++;
                        out.println(errorLine(kindOf(outcome.error()), outcome.error().getMessage()));
                    } else {
                        out.println(Json.MAPPER.writeValueAsString(outcome.result()));
                    }
                }
            }
            if (!interrupted.get()) {
                failed += input.writeBadLinesBefore(Long.MAX_VALUE, out);
            }
        } catch (ArgonException e) {
            out.flush();
            spec.commandLine().getErr().println("argon: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        } catch (UncheckedIOException | JsonProcessingException e) {
            out.flush();
            spec.commandLine().getErr().println("argon: cannot read stdin or write stdout: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
        out.flush();
        if (interrupted.get()) {
            spec.commandLine().getErr().println("argon: cancelled; the tasks in flight were cancelled where they ran");
            spec.commandLine().getErr().flush();
            return SubmitCommand.INTERRUPTED;
        }
        if (failed > 0) {
            spec.commandLine().getErr().println("argon: " + Plural.of(failed, "line") + " failed");
            spec.commandLine().getErr().flush();
            return 1;
        }
        return 0;
    }

    private static String kindOf(ArgonException error) {
        return error.kind() == FailureKind.INVALID_TASK ? "bad_input" : error.kind().code();
    }

    static String errorLine(String kind, String message) {
        ObjectNode line = Json.MAPPER.createObjectNode();
        line.putObject("error").put("kind", kind).put("message", message);
        return line.toString();
    }

    /**
     * The params on stdin, one JSON object a line, read only as the map asks for more. A line
     * that is not a JSON object is no task: it is kept, with its number, to be written as an
     * error in its place among the results.
     */
    private static final class Lines implements Iterator<Object> {
        private final BufferedReader reader;
        /** Line numbers (from 0) of the params handed to the map, oldest first, until their result is written. */
        private final ArrayDeque<Long> paramLines = new ArrayDeque<>();
        private final ArrayDeque<BadLine> badLines = new ArrayDeque<>();
        private JsonNode next;
        private long lineNumber;
        private boolean done;

        private record BadLine(long number, String why) {
        }

        Lines(BufferedReader reader) {
            this.reader = reader;
        }

        @Override
        public boolean hasNext() {
            while (next == null && !done) {
                String line;
                try {
                    line = reader.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (line == null) {
                    done = true;
                    break;
                }
                long number = lineNumber++;
                try {
                    JsonNode params = Json.MAPPER.readTree(line);
                    if (params != null && params.isObject()) {
                        next = params;
                        paramLines.addLast(number);
                    } else {
                        badLines.addLast(new BadLine(number, "line " + (number + 1) + " is not a JSON object of params: "
                                + (params == null || line.isBlank() ? "it is empty" : "it is " + params.getNodeType().name().toLowerCase(Locale.ROOT))));
                    }
                } catch (JsonProcessingException e) {
                    badLines.addLast(new BadLine(number, "line " + (number + 1) + " is not valid JSON: " + e.getOriginalMessage()));
                }
            }
            return next != null;
        }

        @Override
        public Object next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            JsonNode params = next;
            next = null;
            return params;
        }

        /** The input line of the map's {@code index}-th params. Called in order, once for each. */
        long lineOf(long index) {
            Long line = paramLines.pollFirst();
            if (line == null) {
                throw new IllegalStateException("no line for the params at " + index);
            }
            return line;
        }

        /** Writes, as error lines, the bad input lines before line {@code number}; returns how many. */
        int writeBadLinesBefore(long number, PrintWriter out) {
            int written = 0;
            while (!badLines.isEmpty() && badLines.peekFirst().number() < number) {
                out.println(errorLine("bad_input", badLines.pollFirst().why()));
                written++;
            }
            return written;
        }
    }
}
