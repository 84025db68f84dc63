package io.argon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.client.ArgonClient;
import io.argon.client.ArgonException;
import io.argon.client.ClientOptions;
import io.argon.protocol.Json;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code argon tasks} and {@code argon task}: a daemon's task history (docs/HISTORY.md), as the dashboard shows it. */
final class HistoryCommands {
    /** A daemon answers from its history at once; longer than this means it is stuck or gone. */
    private static final long ANSWER_SECONDS = 30;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private HistoryCommands() {
    }

    /** What both commands share: a connection, the output, and failing with one line. */
    abstract static class HistoryCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ConnectOptions connect;

        @Option(names = "--json", description = "Print the daemon's answer as one line of JSON, for scripts.")
        boolean json;

        /** Prints what the daemon answered; returns the exit status. */
        abstract int print(ArgonClient client, PrintWriter out) throws Exception;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try (ArgonClient client = connect.client(spec, ClientOptions.defaults())) {
                int status = print(client, out);
                out.flush();
                return status;
            } catch (ExecutionException e) {
                return fail(e.getCause().getMessage());
            } catch (TimeoutException e) {
                return fail(connect.described() + " did not answer within " + ANSWER_SECONDS + " s");
            } catch (ArgonException e) {
                return fail(e.getMessage());
            }
        }

        int fail(String why) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("argon: " + why);
            err.flush();
            return 1;
        }
    }

    @Command(name = "tasks", mixinStandardHelpOptions = true, versionProvider = io.argon.core.cli.VersionProvider.class,
            header = "Lists the tasks a node or manager ran, newest first.",
            sortOptions = false, usageHelpAutoWidth = true,
            description = {"Lists the newest tasks from a node's or a manager's task history (see docs/HISTORY.md): one line each, with",
                "when it ended (UTC), its id, class, outcome, how long it waited and ran, where it ran, and the error.",
                "Exit status: 0 when the history answered, 1 when not (no connection; a daemon started with --history 0)."})
    static final class Tasks extends HistoryCommand {
        @Option(names = "--failed", description = "Only tasks that ended with an error.")
        boolean failed;

        @Option(names = "--outcome", paramLabel = "OUTCOME", description = "Only tasks that ended so: result, dropped, timeout, task_failed, ...")
        String outcome;

        @Option(names = "--class", paramLabel = "CLASS", description = "Only tasks of this class (its full or simple name).")
        String taskClass;

        @Option(names = "--id", paramLabel = "ID", description = "Only tasks with this id.")
        String id;

        @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "20",
                description = "How many tasks, newest first (default: ${DEFAULT-VALUE}; at most 1000).")
        int limit;

        @Override
        int print(ArgonClient client, PrintWriter out) throws Exception {
            if (failed && outcome != null) {
                throw new ParameterException(spec.commandLine(), "--failed and --outcome do not go together: --failed is every error");
            }
            if (limit < 1 || limit > 1000) {
                throw new ParameterException(spec.commandLine(), "--limit must be from 1 to 1000, got " + limit);
            }
            JsonNode answer = client.daemon().history(id, taskClass, failed ? "failed" : outcome, limit).get(ANSWER_SECONDS, TimeUnit.SECONDS);
            if (json) {
                out.println(Json.MAPPER.writeValueAsString(answer));
                return 0;
            }
            for (JsonNode task : answer.path("tasks")) {
                out.println(line(task));
            }
            out.println(answer.path("tasks").size() + " shown; " + answer.path("kept").asLong() + " kept of the last "
                    + answer.path("max").asLong() + (answer.path("dropped").asLong() > 0
                            ? "; " + answer.path("dropped").asLong() + " not kept (the history fell behind)" : ""));
            return 0;
        }
    }

    @Command(name = "task", mixinStandardHelpOptions = true, versionProvider = io.argon.core.cli.VersionProvider.class,
            header = "Shows a task from a node's or manager's history, with its stack trace.",
            sortOptions = false, usageHelpAutoWidth = true,
            description = {"Shows every task in the daemon's history with this id (ids are a client's own, so there may be several,",
                "newest first): where each attempt ran, its times, and for a failure the error and the worker's stack trace.",
                "Exit status: 0 when one was found, 1 when none was (or no connection)."})
    static final class Task extends HistoryCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The task's id, as its client's future or 'argon tasks' shows it.")
        String id;

        @Override
        int print(ArgonClient client, PrintWriter out) throws Exception {
            JsonNode found = client.daemon().history(id, null, null, 1000).get(ANSWER_SECONDS, TimeUnit.SECONDS).path("tasks");
            if (found.isEmpty()) {
                return fail("no task " + id + " in the history of " + connect.described() + " (it keeps the newest tasks only)");
            }
            for (JsonNode summary : found) {
                JsonNode task = client.daemon().historyTask(summary.path("seq").asLong()).get(ANSWER_SECONDS, TimeUnit.SECONDS);
                if (json) {
                    out.println(Json.MAPPER.writeValueAsString(task));
                    continue;
                }
                out.println("task " + task.path("id").asText() + " (" + task.path("class").asText() + "), " + task.path("priority").asText()
                        + " priority, from " + task.path("client").asText());
                out.println("  outcome   " + task.path("outcome").asText() + text(task, "error", ": "));
                out.println("  queued    " + time(task.path("queued_at").asLong()));
                out.println("  started   " + (task.path("started_at").asLong() > 0 ? time(task.path("started_at").asLong())
                        + " (waited " + task.path("waited_ms").asLong() + " ms)" : "never"));
                out.println("  finished  " + time(task.path("finished_at").asLong()) + (task.path("started_at").asLong() > 0
                        ? " (ran " + task.path("ran_ms").asLong() + " ms)" : ""));
                int attempt = 0;
                for (JsonNode place : task.path("path")) {
                    out.println("  attempt " + ++attempt + " " + place.asText());
                }
                if (task.hasNonNull("stack")) {
                    out.print(task.path("stack").asText().replaceAll("(?m)^", "    "));
                    out.println();
                }
            }
            return 0;
        }
    }

    /** One task on one line: ended, id, class, outcome, waited/ran, where, error. */
    static String line(JsonNode task) {
        JsonNode path = task.path("path");
        String where = path.isEmpty() ? "-" : path.get(path.size() - 1).asText();
        String error = task.hasNonNull("error") ? "  " + task.path("error").asText().replace('\n', ' ') : "";
        return time(task.path("finished_at").asLong()) + "  " + task.path("id").asText() + "  " + task.path("class").asText() + "  "
                + task.path("outcome").asText() + "  waited " + task.path("waited_ms").asLong() + " ms, ran " + task.path("ran_ms").asLong()
                + " ms  " + where + (error.length() > 200 ? error.substring(0, 200) + "..." : error);
    }

    private static String time(long epochMillis) {
        return TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    private static String text(JsonNode task, String field, String prefix) {
        return task.hasNonNull(field) ? prefix + task.path(field).asText() : "";
    }
}
