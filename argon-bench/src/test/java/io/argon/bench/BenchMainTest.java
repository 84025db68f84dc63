package io.argon.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.argon.core.HostPort;
import io.argon.protocol.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line: usage errors exit 2 with one line; an unreachable target exits 1. */
class BenchMainTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int bench(String... args) {
        CommandLine cli = new CommandLine(new BenchMain());
        cli.registerConverter(HostPort.class, HostPort::parse);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler((ex, badArgs) -> {
            ex.getCommandLine().getErr().println("bench: " + ex.getMessage());
            return 2;
        });
        return cli.execute(args);
    }

    @Test
    void needsATarget() {
        assertThat(bench()).isEqualTo(2);
        assertThat(err.toString()).contains("either -a HOST:PORT or --local");
        assertThat(bench("-a", "127.0.0.1:1", "--local")).isEqualTo(2);
    }

    @Test
    void refusesBadNumbers() {
        assertThat(bench("-a", "127.0.0.1:1", "-n", "0")).isEqualTo(2);
        assertThat(bench("-a", "127.0.0.1:1", "-c", "0")).isEqualTo(2);
        assertThat(bench("-a", "127.0.0.1:1", "-d", "-1")).isEqualTo(2);
        assertThat(bench("-a", "127.0.0.1:1", "-v", "-1")).isEqualTo(2);
        assertThat(bench("-a", "127.0.0.1:1", "--retries", "-2")).isEqualTo(2);
        assertThat(bench("-a", "127.0.0.1:1", "--max-wait", "0")).isEqualTo(2);
        assertThat(bench("-a", "127.0.0.1:1", "--timeout", "-1")).isEqualTo(2);
        assertThat(bench("-a", "127.0.0.1:1", "--timeout", "0.0001")).isEqualTo(2);
        assertThat(bench("-a", "127.0.0.1:1", "--warmup", "-1")).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void refusesParamsThatAreNotAJsonObjectOrThatSetSampleTasksOwnFields() {
        assertThat(bench("-a", "127.0.0.1:1", "--params", "[1]")).isEqualTo(2);
        assertThat(err.toString()).contains("JSON object");
        assertThat(bench("-a", "127.0.0.1:1", "--params", "{oops")).isEqualTo(2);
        assertThat(bench("-a", "127.0.0.1:1", "--params", "{\"delay\": 1}")).isEqualTo(2);
        assertThat(err.toString()).contains("use -d and -v");
    }

    @Test
    void anUnreachableTargetExitsOneWithTheReason() {
        assertThat(bench("-a", "127.0.0.1:1", "-n", "5")).isEqualTo(1);
        assertThat(err.toString()).contains("cannot connect to 127.0.0.1:1");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void saysWhenTheVarianceIsClamped() {
        bench("-a", "127.0.0.1:1", "-n", "1", "-d", "0.01", "-v", "0.05");
        assertThat(err.toString()).contains("note: variance 0.05 s is larger than the delay 0.01 s; using variance 0.01 s");
    }

    @Test
    void theWorkersAreTheNodesOwnOrTheSumOfAManagersNodes() throws Exception {
        assertThat(BenchMain.workersIn(Json.MAPPER.readTree("{\"role\":\"node\",\"workers\":4}"))).isEqualTo(4);
        assertThat(BenchMain.workersIn(Json.MAPPER.readTree(
                "{\"role\":\"manager\",\"nodes\":[{\"workers\":4},{\"workers\":2}]}"))).isEqualTo(6);
        assertThat(BenchMain.workersIn(Json.MAPPER.readTree("{\"role\":\"manager\",\"nodes\":[]}"))).isNull();
        assertThat(BenchMain.workersIn(Json.MAPPER.readTree("{}"))).isNull();
    }
}
