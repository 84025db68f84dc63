package io.argon.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.argon.client.ArgonClient;
import io.argon.client.ArgonException;
import io.argon.client.ClientOptions;
import io.argon.protocol.Json;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code argon status}: what a node or manager is doing, once or every few seconds. */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = io.argon.core.cli.VersionProvider.class,
        header = "Shows what a node or a manager is doing.",
        sortOptions = false, usageHelpAutoWidth = true,
        description = {"Shows what a node or a manager is doing: its workers or nodes, its queue, and what became of its tasks.",
            "Exit status: 0 when every report arrived, 1 when one did not (no connection, no answer)."})
final class StatusCommand implements Callable<Integer> {
    /** A daemon answers a status request at once; longer than this means it is stuck or gone. */
    private static final long ANSWER_SECONDS = 10;

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectOptions connect;

    @Option(names = "--json", description = "Print the report as one line of JSON (the protocol's status_report), for scripts.")
    boolean json;

    @Option(names = {"-w", "--watch"}, paramLabel = "SECONDS", description = "Print a new report every SECONDS until stopped (Ctrl-C).")
    Double watchSeconds;

    @Option(names = {"-n", "--count"}, paramLabel = "N", description = "With --watch: stop after N reports.")
    Integer count;

    @Override
    public Integer call() throws InterruptedException {
        if (watchSeconds != null && !(watchSeconds >= 0.1 && watchSeconds <= 86_400)) {
            throw new ParameterException(spec.commandLine(), "--watch must be between 0.1 and 86400 seconds, got " + watchSeconds);
        }
        if (count != null && watchSeconds == null) {
            throw new ParameterException(spec.commandLine(), "--count goes with --watch: it is how many reports to print, "
                    + "one every --watch seconds");
        }
        if (count != null && count < 1) {
            throw new ParameterException(spec.commandLine(), "--count must be at least 1, got " + count);
        }
        int reports = watchSeconds == null ? 1 : count != null ? count : Integer.MAX_VALUE;
        PrintWriter out = spec.commandLine().getOut();
        boolean redraw = watchSeconds != null && !json && System.console() != null;
        try (ArgonClient client = connect.client(spec, ClientOptions.defaults())) {
            for (int i = 0; i < reports; i++) {
                if (i > 0) {
                    Thread.sleep((long) (watchSeconds * 1000));
                }
                JsonNode report = client.daemon().status().get(ANSWER_SECONDS, TimeUnit.SECONDS);
                if (json) {
                    out.println(Json.MAPPER.writeValueAsString(report));
                } else {
                    if (redraw) {
                        out.print("\033[H\033[2J"); // a terminal shows the latest report in place, as top does
                    } else if (watchSeconds != null && i > 0) {
                        out.println();
                    }
                    if (watchSeconds != null) {
                        out.println("-- " + connect.described() + " at " + Instant.now().truncatedTo(ChronoUnit.SECONDS));
                    }
                    out.print(StatusText.render(report));
                }
                out.flush();
            }
            return 0;
        } catch (ExecutionException e) {
            return fail(e.getCause().getMessage());
        } catch (TimeoutException e) {
            return fail(connect.described() + " did not answer the status request within " + ANSWER_SECONDS + " s");
        } catch (ArgonException | JsonProcessingException e) {
            return fail(e.getMessage());
        }
    }

    private int fail(String why) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("argon: " + why);
        err.flush();
        return 1;
    }
}
