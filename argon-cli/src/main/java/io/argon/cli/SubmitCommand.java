package io.argon.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.argon.client.ArgonClient;
import io.argon.client.ArgonException;
import io.argon.client.FailureKind;
import io.argon.client.SubmitOptions;
import io.argon.client.TaskFailedException;
import io.argon.protocol.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/** {@code argon submit}: runs one task and prints its result as JSON. */
@Command(name = "submit", mixinStandardHelpOptions = true, versionProvider = io.argon.core.cli.VersionProvider.class,
        header = "Runs one task and prints its result.",
        sortOptions = false, usageHelpAutoWidth = true,
        description = {"Runs one task and prints its result as JSON on stdout.",
            "Exit status: 0 on a result, 1 on a task error, a rejection past the retry limit, a timeout or no connection,",
            "130 when Ctrl-C cancelled the task."})
final class SubmitCommand implements Callable<Integer> {
    /** The exit status of a task cancelled with Ctrl-C, as a shell reports a command stopped by SIGINT. */
    static final int INTERRUPTED = 130;
    /** How much longer than the task's timeout the command waits for the daemon's answer. */
    private static final Duration LOCAL_MARGIN = Duration.ofSeconds(5);

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectOptions connect;

    @Option(names = {"-c", "--class"}, required = true, paramLabel = "CLASS", description = "The task class, e.g. io.argon.examples.SampleTask.")
    String className;

    @Option(names = {"-p", "--params"}, paramLabel = "JSON", defaultValue = "{}",
            description = "The task's params as a JSON object (default: {}); @FILE reads them from a file, and - (or @-) from "
                    + "stdin, for params too large for a command line.")
    String params;

    @Mixin
    TaskOptions task;

    @Override
    public Integer call() {
        JsonNode paramTree = parseParams();
        SubmitOptions sent = task.submitOptions(spec);
        Duration timeout = sent.timeout();
        try (ArgonClient client = connect.client(spec, task.clientOptions())) {
            CompletableFuture<JsonNode> result = client.submit(className, paramTree, sent);
            // Ctrl-C cancels the task where it runs, so that it does not hold a worker for nobody.
            Signal.handle(new Signal("INT"), signal -> result.cancel(true));
            JsonNode value = timeout.isZero()
                    ? result.get()
                    : result.get(timeout.plus(LOCAL_MARGIN).toNanos(), TimeUnit.NANOSECONDS);
            spec.commandLine().getOut().println(Json.MAPPER.writeValueAsString(value));
            return 0;
        } catch (ExecutionException e) {
            return fail(e.getCause());
        } catch (CancellationException e) {
            spec.commandLine().getErr().println("argon: cancelled");
            return INTERRUPTED;
        } catch (TimeoutException e) {
            return fail(new ArgonException(FailureKind.TIMEOUT, null, "no answer within " + timeout.plus(LOCAL_MARGIN).toMillis()
                    + " ms, though the task's timeout was " + timeout.toMillis() + " ms: the daemon did not answer", null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(e);
        } catch (ArgonException | JsonProcessingException e) {
            return fail(e);
        }
    }

    private int fail(Throwable error) {
        var err = spec.commandLine().getErr();
        // One task a command: its id (which the exception's message ends with) tells the user nothing.
        err.println("argon: " + (error instanceof TaskFailedException failed ? "[" + failed.kind().code() + "] "
                + (failed.remoteClass() != null ? failed.remoteClass() + ": " : "") + failed.remoteMessage() : error.getMessage()));
        if (error instanceof TaskFailedException failed && failed.remoteStackTrace() != null) {
            err.print(failed.remoteStackTrace());
        }
        err.flush(); // the process exits right after; picocli's writer does not flush on its own
        return 1;
    }

    /** The params as given: the text itself, a file's (@FILE), or stdin's (- or @-). */
    private String paramsText() {
        if (params.equals("-") || params.equals("@-")) {
            try {
                return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "--params -: cannot read stdin: " + e.getMessage());
            }
        }
        if (params.startsWith("@")) {
            Path file = Path.of(params.substring(1));
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new ParameterException(spec.commandLine(), "--params " + params + ": no such file");
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "--params " + params + ": cannot read it (" + e.getMessage() + ")");
            }
        }
        return params;
    }

    private JsonNode parseParams() {
        try {
            JsonNode tree = Json.MAPPER.readTree(paramsText());
            if (tree == null || !tree.isObject()) {
                throw new ParameterException(spec.commandLine(), "--params must be a JSON object, e.g. '{\"num\": 1}'");
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw new ParameterException(spec.commandLine(), "--params is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
