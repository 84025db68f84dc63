package io.argon.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code bin/argon map}: its exit status says whether every line gave a result, and Ctrl-C stops what it started. */
class ArgonMapIT {
    private static ArgonProcess node;

    @BeforeAll
    static void startNode() throws Exception {
        node = ArgonProcess.startNode("-w", "2");
    }

    @AfterAll
    static void stopNode() throws Exception {
        node.close();
    }

    private static ArgonProcess map(String... args) throws Exception {
        String[] argv = new String[args.length + 3];
        argv[0] = "map";
        argv[1] = "-a";
        argv[2] = node.address();
        System.arraycopy(args, 0, argv, 3, args.length);
        return ArgonProcess.start("argon", argv);
    }

    @Test
    void aLineThatFailsMakesTheExitStatusOneAndEveryOtherLineStillRuns() throws Exception {
        ArgonProcess cli = map("-c", Tasks.SAMPLE);
        cli.input("{\"num\": 1}\n{\"num\": \"abc\"}\n{\"num\": 3}\n", true);
        assertThat(cli.waitFor(Duration.ofSeconds(60))).as(cli.output()).isEqualTo(1);
        assertThat(cli.lines()).contains("1", "3");
        assertThat(cli.output()).contains("\"kind\":\"bad_params\"").contains("argon: 1 line failed");
    }

    @Test
    void everyLineARunResultExitsZero() throws Exception {
        ArgonProcess cli = map("-c", Tasks.SAMPLE);
        cli.input("{\"num\": 1}\n{\"num\": 2}\n", true);
        assertThat(cli.waitFor(Duration.ofSeconds(60))).as(cli.output()).isZero();
        assertThat(cli.lines()).containsExactly("1", "2");
    }

    @Test
    void ctrlCCancelsTheTasksInFlightWhereTheyRunAndExits130() throws Exception {
        ArgonProcess cli = map("-c", Tasks.SAMPLE, "-j", "2");
        // Four tasks of 30 s on two workers, stdin left open: the map cannot end by itself.
        cli.input("{\"num\": 1, \"delay\": 30}\n".repeat(4), false);
        node.awaitStatus("both workers busy", status -> status.get("busy").asInt() == 2, Timeouts.ANSWERS);

        cli.signal("INT");
        assertThat(cli.waitFor(Duration.ofSeconds(20))).as(cli.output()).isEqualTo(130);
        assertThat(cli.output()).contains("cancelled");
        // The cancels reached the node: its workers were interrupted and are free again.
        node.awaitStatus("no worker busy", status -> status.get("busy").asInt() == 0, Duration.ofSeconds(10));
        assertThat(node.status().get("tasks").get("cancelled").asLong()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aLineTooLargeToSendIsAnErrorOfItsOwnKindAndTheOthersRun() throws Exception {
        ArgonProcess cli = map("-c", Tasks.SAMPLE);
        String huge = "{\"num\": 2, \"pad\": \"" + "x".repeat(17 << 20) + "\"}\n";
        cli.input("{\"num\": 1}\n" + huge + "{\"num\": 3}\n", true);
        assertThat(cli.waitFor(Duration.ofSeconds(60))).isEqualTo(1);
        assertThat(cli.lines()).hasSize(4);
        assertThat(cli.lines().get(0)).isEqualTo("1");
        assertThat(cli.lines().get(1)).startsWith("{\"error\":{\"kind\":\"frame_too_large\"")
                .contains("more than the limit of 16777216 bytes").doesNotContain("Exception");
        assertThat(cli.lines().get(2)).isEqualTo("3");
    }
}
