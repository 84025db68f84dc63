package io.argon.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code bin/argon} takes what it is given: params from a file or stdin, the address from the environment, its usage. */
class ArgonCliInputIT {
    private static ArgonProcess node;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startNode() throws Exception {
        node = ArgonProcess.startNode("-w", "1");
    }

    @AfterAll
    static void stopNode() throws Exception {
        node.close();
    }

    private static ArgonProcess argon(Map<String, String> env, String... args) throws Exception {
        return ArgonProcess.start(env, "argon", args);
    }

    @Test
    void paramsComeFromAFileWithAnAtSignAndTheAddressFromArgonAddress() throws Exception {
        // Params far larger than a command line may be (128 KiB): only a file or stdin can carry them.
        Path params = dir.resolve("params.json");
        Files.writeString(params, "{\"num\": 42, \"text\": \"" + "x".repeat(300_000) + "\"}");
        ArgonProcess cli = argon(Map.of("ARGON_ADDRESS", node.address()), "submit", "-c", Tasks.SAMPLE,
                "-p", "@" + dir.resolve("missing.json"));
        assertThat(cli.waitFor(Duration.ofSeconds(60))).isEqualTo(2);
        assertThat(cli.output()).contains("--params @" + dir.resolve("missing.json") + ": no such file");

        ArgonProcess bigParams = argon(Map.of("ARGON_ADDRESS", node.address()), "submit", "-c", Tasks.SAMPLE, "-p", "@" + params);
        assertThat(bigParams.waitFor(Duration.ofSeconds(60))).as(bigParams.output()).isEqualTo(1);
        assertThat(bigParams.output()).as("the whole file arrived: the task refuses its unknown param")
                .contains("[bad_params]").contains("it has no param 'text'");
    }

    @Test
    void paramsComeFromStdinWithADash() throws Exception {
        ArgonProcess cli = argon(Map.of(), "submit", "-a", node.address(), "-c", Tasks.SAMPLE, "-p", "-");
        cli.input("{\"num\": 7}\n", true);
        assertThat(cli.waitFor(Duration.ofSeconds(60))).as(cli.output()).isZero();
        assertThat(cli.output().trim()).isEqualTo("7");
    }

    @Test
    void withNoAddressAtAllTheCommandSaysHowToGiveOne() throws Exception {
        ArgonProcess cli = argon(Map.of("ARGON_ADDRESS", ""), "status");
        assertThat(cli.waitFor(Duration.ofSeconds(60))).isEqualTo(2);
        assertThat(cli.output()).contains("no address: give -a HOST[:PORT], or set ARGON_ADDRESS");
    }

    @Test
    void anIdempotentTaskWhoseWorkerDiesIsTriedAgain() throws Exception {
        ArgonProcess once = argon(Map.of(), "submit", "-a", node.address(), "-c", Tasks.EXIT, "-p", "{\"code\": 3}");
        assertThat(once.waitFor(Duration.ofSeconds(60))).isEqualTo(1);
        assertThat(once.output()).contains("[worker_died]").doesNotContain("attempt");
        ArgonProcess again = argon(Map.of(), "submit", "-a", node.address(), "-c", Tasks.EXIT, "-p", "{\"code\": 3}", "--idempotent");
        assertThat(again.waitFor(Duration.ofSeconds(120))).isEqualTo(1);
        assertThat(again.output()).contains("[worker_died]").contains("(attempt 3 of 3)");
    }

    @Test
    void aCountWithoutWatchIsAUsageErrorNotIgnored() throws Exception {
        ArgonProcess cli = argon(Map.of(), "status", "-a", node.address(), "-n", "3");
        assertThat(cli.waitFor(Duration.ofSeconds(60))).isEqualTo(2);
        assertThat(cli.output()).contains("--count goes with --watch");
    }

    @Test
    void theHelpListsEveryCommandInAWholeSentenceAndATypoGetsASuggestion() throws Exception {
        ArgonProcess help = argon(Map.of(), "--help");
        assertThat(help.waitFor(Duration.ofSeconds(60))).isZero();
        assertThat(help.lines()).filteredOn(line -> line.matches("  (submit|map|status|reload|drain|undrain) .*"))
                .hasSize(6).allSatisfy(line -> assertThat(line).endsWith("."));
        ArgonProcess typo = argon(Map.of(), "submt");
        assertThat(typo.waitFor(Duration.ofSeconds(60))).isEqualTo(2);
        assertThat(typo.output()).contains("Did you mean").contains("submit");
    }
}
