package io.argon.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.argon.client.ArgonClient;
import io.argon.client.ArgonException;
import io.argon.client.ClientOptions;
import io.argon.client.SubmitOptions;
import io.argon.client.TaskFailedException;
import io.argon.core.HostPort;
import io.argon.core.Priority;
import io.argon.core.cli.Commands;
import io.argon.core.protocol.Json;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code argon submit}: runs one task and prints its result as JSON. */
@Command(name = "submit", mixinStandardHelpOptions = true, versionProvider = io.argon.core.cli.VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {"Runs one task and prints its result as JSON on stdout.",
            "Exit status: 0 on a result, 1 on a task error, a rejection past the retry limit, a timeout or no connection."})
final class SubmitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-a", "--address"}, required = true, paramLabel = "HOST:PORT", description = "The node or manager to use.")
    HostPort address;

    @Option(names = {"-c", "--class"}, required = true, paramLabel = "CLASS", description = "The task class, e.g. io.argon.examples.SampleTask.")
    String className;

    @Option(names = {"-p", "--params"}, paramLabel = "JSON", defaultValue = "{}", description = "The task's params as a JSON object (default: {}).")
    String params;

    @Option(names = "--priority", defaultValue = "normal", description = "max, high, normal, low or min (default: ${DEFAULT-VALUE}).")
    String priority;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "-1", description = "Times to retry when rejected; -1 = no limit (default).")
    int retries;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "0", description = "Gives up after this long; 0 = wait forever (default).")
    double timeoutSeconds;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "warn", description = "Log level for the client (default: ${DEFAULT-VALUE}).")
    String logLevel;

    @Override
    public Integer call() {
        Commands.setLogLevel(spec, logLevel);
        JsonNode paramTree = parseParams();
        Priority taskPriority = parsePriority();
        ClientOptions options = ClientOptions.defaults().withMaxRetries(retries);
        try (ArgonClient client = new ArgonClient(address.host(), address.port(), options)) {
            CompletableFuture<JsonNode> result = client.submit(className, paramTree, new SubmitOptions(taskPriority, false));
            JsonNode value = timeoutSeconds > 0
                    ? result.get((long) (timeoutSeconds * 1e9), TimeUnit.NANOSECONDS)
                    : result.get();
            spec.commandLine().getOut().println(Json.MAPPER.writeValueAsString(value));
            return 0;
        } catch (ExecutionException e) {
            return fail(e.getCause());
        } catch (TimeoutException e) {
            return fail(new ArgonException("no result within " + Duration.ofNanos((long) (timeoutSeconds * 1e9))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(e);
        } catch (ArgonException | JsonProcessingException e) {
            return fail(e);
        }
    }

    private int fail(Throwable error) {
        var err = spec.commandLine().getErr();
        err.println("argon: " + error.getMessage());
        if (error instanceof TaskFailedException failed && failed.remoteStackTrace() != null) {
            err.print(failed.remoteStackTrace());
        }
        return 1;
    }

    private JsonNode parseParams() {
        try {
            JsonNode tree = Json.MAPPER.readTree(params);
            if (tree == null || !tree.isObject()) {
                throw new ParameterException(spec.commandLine(), "--params must be a JSON object, e.g. '{\"num\": 1}'");
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw new ParameterException(spec.commandLine(), "--params is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private Priority parsePriority() {
        try {
            return Priority.fromWire(priority);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
