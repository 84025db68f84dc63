package io.argon.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code bin/argon submit}: JSON on stdout and exit 0 on success, a reason and non-zero otherwise. */
class ArgonCliIT {
    private static ArgonProcess node;
    private static String address;

    @BeforeAll
    static void startNode() throws Exception {
        node = ArgonProcess.startNode("-w", "1");
        address = "127.0.0.1:" + node.port();
    }

    @AfterAll
    static void stopNode() throws Exception {
        node.close();
    }

    /** {@code argon COMMAND -a <the node> ARGS...}. */
    private static String[] against(String command, String... args) {
        String[] argv = new String[args.length + 3];
        argv[0] = command;
        argv[1] = "-a";
        argv[2] = address;
        System.arraycopy(args, 0, argv, 3, args.length);
        return argv;
    }

    private static ArgonProcess submit(String... args) throws Exception {
        ArgonProcess cli = ArgonProcess.start("argon", against("submit", args));
        cli.waitFor(Duration.ofSeconds(60));
        return cli;
    }

    @Test
    void printsTheResultAsJson() throws Exception {
        ArgonProcess cli = submit("-c", Tasks.SAMPLE, "-p", "{\"num\": 12}");
        assertThat(cli.process().exitValue()).isZero();
        assertThat(cli.output().trim()).isEqualTo("12");
    }

    @Test
    void aTaskErrorExitsNonZeroWithTheReason() throws Exception {
        ArgonProcess cli = submit("-c", Tasks.FAIL, "-p", "{\"message\": \"no luck\"}");
        assertThat(cli.process().exitValue()).isEqualTo(1);
        assertThat(cli.output()).contains("task_failed").contains("no luck");
    }

    @Test
    void paramsThatDoNotFitTheTaskAreOneLineThatSaysWhyWithNoStack() throws Exception {
        ArgonProcess cli = submit("-c", Tasks.SAMPLE, "-p", "{\"num\": \"abc\"}");
        assertThat(cli.process().exitValue()).isEqualTo(1);
        assertThat(cli.lines()).containsExactly("argon: [bad_params] cannot build io.argon.examples.SampleTask from its params: "
                + "param 'num' must be a whole number (int), got a string");
    }

    @Test
    void aFailedTaskPrintsTheRemoteStackTrace() throws Exception {
        ArgonProcess cli = submit("-c", Tasks.FAIL, "-p", "{\"message\": \"boom\"}");
        assertThat(cli.process().exitValue()).isEqualTo(1);
        assertThat(cli.output()).contains("[task_failed]").contains("boom")
                .containsPattern("\\tat io\\.argon\\.examples\\.Fail\\.run\\(Fail\\.java:\\d+\\)");
    }

    @Test
    void severalAddressesAreTriedInTurnWhenOneRefuses() throws Exception {
        ArgonProcess cli = ArgonProcess.start("argon", "submit", "-a", "127.0.0.1:1," + address, "-c", Tasks.SAMPLE, "-p", "{\"num\": 5}");
        assertThat(cli.waitFor(Duration.ofSeconds(60))).as(cli.output()).isZero();
        assertThat(cli.output().trim()).isEqualTo("5");
    }

    @Test
    void noConnectionExitsNonZero() throws Exception {
        ArgonProcess cli = ArgonProcess.start("argon", "submit", "-a", "127.0.0.1:1", "-c", Tasks.PID);
        assertThat(cli.waitFor(Duration.ofSeconds(60))).isEqualTo(1);
        assertThat(cli.output()).contains("cannot connect");
    }

    @Test
    void badParamsAreAUsageError() throws Exception {
        ArgonProcess cli = submit("-c", Tasks.SAMPLE, "-p", "[1, 2]");
        assertThat(cli.process().exitValue()).isEqualTo(2);
        assertThat(cli.output()).contains("JSON object");
    }

    @Test
    void aTimeoutIsTheTasksOwnAndStopsItWhereItRuns() throws Exception {
        long started = System.nanoTime();
        ArgonProcess cli = submit("-c", Tasks.SAMPLE, "-p", "{\"num\": 1, \"delay\": 30}", "--timeout", "1");
        long tookMillis = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(cli.process().exitValue()).isEqualTo(1);
        assertThat(cli.output()).contains("[timeout]").contains("ran past its timeout of 1000 ms");
        assertThat(tookMillis).as("the command's own start, then the 1 s timeout; not the 30 s task").isLessThan(15_000);
    }

    /** {@code argon map} with {@code input} on its stdin. */
    private static ArgonProcess map(String input, String... args) throws Exception {
        ArgonProcess cli = ArgonProcess.start("argon", against("map", args));
        try (var stdin = cli.process().getOutputStream()) {
            stdin.write(input.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        cli.waitFor(Duration.ofSeconds(120));
        return cli;
    }

    @Test
    void mapRunsEveryLineAndPrintsTheResultsInInputOrder() throws Exception {
        StringBuilder input = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            // Earlier tasks take longer, so answers come back out of order.
            input.append("{\"num\": ").append(i).append(", \"delay\": ").append(i % 10 == 0 ? "0.05" : "0").append("}\n");
        }
        ArgonProcess cli = map(input.toString(), "-c", Tasks.SAMPLE, "-j", "8");
        assertThat(cli.process().exitValue()).as(cli.output()).isZero();
        java.util.List<String> lines = cli.lines();
        assertThat(lines).hasSize(100);
        for (int i = 0; i < 100; i++) {
            assertThat(lines.get(i)).isEqualTo(Integer.toString(i));
        }
        assertThat(lines.stream().mapToInt(Integer::parseInt).sum()).isEqualTo(4950);
    }

    @Test
    void mapWritesAnErrorInPlaceOfEachFailureAndExitsOne() throws Exception {
        ArgonProcess cli = map("""
                {"num": 1}
                not json
                {"num": "two"}
                [3]
                {"num": 4}
                """, "-c", Tasks.SAMPLE);
        assertThat(cli.process().exitValue()).isEqualTo(1);
        java.util.List<String> lines = cli.lines();
        assertThat(lines).hasSize(6);
        assertThat(lines.get(0)).isEqualTo("1");
        assertThat(lines.get(1)).startsWith("{\"error\":{\"kind\":\"bad_input\",\"message\":\"line 2 is not valid JSON");
        assertThat(lines.get(2)).startsWith("{\"error\":{\"kind\":\"bad_params\"").contains("param 'num'");
        assertThat(lines.get(3)).isEqualTo("{\"error\":{\"kind\":\"bad_input\",\"message\":\"line 4 is not a JSON object of params: it is array\"}}");
        assertThat(lines.get(4)).isEqualTo("4");
        assertThat(lines.get(5)).as("on stderr").isEqualTo("argon: 3 lines failed");
    }
}
