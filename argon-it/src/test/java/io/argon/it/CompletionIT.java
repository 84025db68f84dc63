package io.argon.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bash completion scripts in the archive's {@code completion/}, sourced in a real bash and
 * asked what they offer, as a shell does when Tab is pressed.
 */
class CompletionIT {
    /** The levels {@code --log-level} completes to, most verbose first. */
    private static final List<String> LOG_LEVELS = List.of("trace", "debug", "info", "warn", "error");

    /**
     * Sources the script in $1, then completes the words after it as bash would at the end of
     * that command line; prints what it offers, one per line. Exits 3 if the first word has no
     * completion registered: bash looks for one for the word, then for its part after the last
     * slash (so one for {@code node} would serve {@code /usr/bin/node} too).
     */
    private static final String COMPLETE = """
            source "$1"; shift
            spec="$(complete -p "$1" 2>/dev/null || complete -p "${1##*/}" 2>/dev/null)" || exit 3
            function="$(sed -E 's/.* -F ([^ ]+) .*/\\1/' <<< "$spec")"
            COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
            "$function" 2>/dev/null
            printf '%s\\n' "${COMPREPLY[@]}"
            """;

    @TempDir
    static Path scratch;
    private static Path home;

    @BeforeAll
    static void unpack() throws Exception {
        home = DistributionArchive.unpack(scratch);
    }

    /** What the completion script of {@code command} offers for the last of {@code words}; null if the first word has none. */
    private static List<String> complete(String command, String... words) throws Exception {
        List<String> argv = new ArrayList<>(List.of("bash", "-c", COMPLETE, "bash", home.resolve("completion").resolve(command).toString()));
        argv.addAll(List.of(words));
        Process bash = new ProcessBuilder(argv).directory(scratch.toFile()).redirectErrorStream(true).start();
        String output = new String(bash.getInputStream().readAllBytes());
        int status = bash.waitFor();
        if (status == 3) {
            return null;
        }
        assertThat(status).as(output).isZero();
        return output.lines().filter(line -> !line.isEmpty()).toList();
    }

    @Test
    void theDaemonsAndBenchCompleteByTheirPathNeverByABareName() throws Exception {
        // A bare 'node' is Node.js's, 'cluster' and 'bench' are anyone's: bash would also use a
        // compspec for them for any path ending in that name, /usr/bin/node included.
        Pattern registersABareName = Pattern.compile("^complete .*\\s(node|cluster|bench)(\\s|$)", Pattern.MULTILINE);
        for (String command : List.of("node", "cluster", "bench")) {
            assertThat(Files.readString(home.resolve("completion").resolve(command))).doesNotContainPattern(registersABareName);
            assertThat(complete(command, command, "--")).as("completion for a bare '" + command + "'").isNull();
            for (String path : List.of("bin/" + command, "./bin/" + command, home.resolve("bin").resolve(command).toString())) {
                assertThat(complete(command, path, "--")).as("completion for " + path).contains("--help", "--version");
            }
        }
        for (String argon : List.of("argon", "bin/argon", "./bin/argon", home.resolve("bin/argon").toString())) {
            assertThat(complete("argon", argon, "")).as("completion for " + argon).contains("submit", "map", "status");
        }
    }

    @Test
    void priorityCompletesToThePriorities() throws Exception {
        for (String subcommand : List.of("submit", "map")) {
            assertThat(complete("argon", "bin/argon", subcommand, "--priority", ""))
                    .containsExactly("max", "high", "normal", "low", "min");
        }
        assertThat(complete("argon", "bin/argon", "submit", "--priority", "n")).containsExactly("normal");
    }

    @Test
    void logLevelAndLogFormatCompleteToTheirValues() throws Exception {
        for (String daemon : List.of("node", "cluster")) {
            assertThat(complete(daemon, "bin/" + daemon, "--log-level", "")).containsExactlyElementsOf(LOG_LEVELS);
            assertThat(complete(daemon, "bin/" + daemon, "--log-format", "")).containsExactly("text", "json");
        }
        assertThat(complete("argon", "bin/argon", "status", "--log-level", "")).containsExactlyElementsOf(LOG_LEVELS);
        assertThat(complete("argon", "bin/argon", "submit", "--log-level", "")).containsExactlyElementsOf(LOG_LEVELS);
        assertThat(complete("bench", "bin/bench", "--log-level", "")).containsExactlyElementsOf(LOG_LEVELS);
    }
}
