package io.argon.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Flags over the environment over the --config file over the built-in defaults, for a daemon-like command. */
class OptionDefaultsTest {
    @TempDir
    Path dir;

    @Command(name = "daemon", mixinStandardHelpOptions = true, footer = OptionDefaults.HELP)
    static final class Daemonish implements Callable<Integer> {
        @Mixin
        DaemonOptions daemon;

        @Option(names = {"-w", "--workers"}, defaultValue = "4")
        int workers;

        @Option(names = {"-i", "--include"}, split = ":")
        List<String> includes;

        @Override
        public Integer call() {
            return 0;
        }
    }

    private Daemonish run(Map<String, String> environment, String... args) {
        Daemonish command = new Daemonish();
        assertThat(Commands.execute(command, environment, args)).isZero();
        return command;
    }

    private Path config(String text) throws Exception {
        Path file = dir.resolve("argon.properties");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void theBuiltInDefaultsStandWhenNothingElseIsGiven() {
        Daemonish command = run(Map.of());
        assertThat(command.workers).isEqualTo(4);
        assertThat(command.daemon.port).isEqualTo(8000);
        assertThat(command.daemon.maxConnections).isEqualTo(1024);
    }

    @Test
    void theEnvironmentSetsOptionsByTheirLongestName() {
        Daemonish command = run(Map.of("ARGON_WORKERS", "7", "ARGON_MAX_CONNECTIONS", "99", "ARGON_PORT", "9001",
                "ARGON_INCLUDE", "/opt/tasks.jar:/opt/lib/*", "OTHER", "x"));
        assertThat(command.workers).isEqualTo(7);
        assertThat(command.daemon.maxConnections).isEqualTo(99);
        assertThat(command.daemon.port).isEqualTo(9001);
        assertThat(command.includes).containsExactly("/opt/tasks.jar", "/opt/lib/*");
    }

    @Test
    void anOptionWithTwoNamesIsReadByItsFirstAndTheHttpPortDefaultsToLoopbackWithNoPassword() throws Exception {
        assertThat(run(Map.of()).daemon.http().serves()).isFalse();
        Daemonish fromEnvironment = run(Map.of("ARGON_HTTP_PORT", "9100"));
        assertThat(fromEnvironment.daemon.http()).satisfies(http -> {
            assertThat(http.port()).isEqualTo(9100);
            assertThat(http.host()).isEqualTo("127.0.0.1");
            assertThat(http.password()).isNull();
            assertThat(http.readOnlyPublic()).isFalse();
        });
        assertThat(run(Map.of(), "--config", config("http-port=9101\nhttp-host=0.0.0.0\n").toString()).daemon.http())
                .satisfies(http -> {
                    assertThat(http.port()).isEqualTo(9101);
                    assertThat(http.host()).isEqualTo("0.0.0.0");
                });
        assertThat(run(Map.of(), "--metrics-port", "9102").daemon.http().port()).as("its other name").isEqualTo(9102);
    }

    @Test
    void flagsWinOverTheEnvironmentWhichWinsOverTheFile() throws Exception {
        Path file = config("workers=2\nmax-connections=50\nlimit=10\n");
        Daemonish command = run(Map.of("ARGON_WORKERS", "3", "ARGON_LIMIT", "20"), "--config", file.toString(), "-l", "30");
        assertThat(command.daemon.maxConnections).as("from the file").isEqualTo(50);
        assertThat(command.workers).as("the environment over the file").isEqualTo(3);
        assertThat(command.daemon.limit).as("the flag over both").isEqualTo(30);
    }

    @Test
    void theFileCanBeNamedInTheEnvironmentOrWithAnEqualsSign() throws Exception {
        Path file = config("workers=5\n");
        assertThat(run(Map.of("ARGON_CONFIG", file.toString())).workers).isEqualTo(5);
        assertThat(run(Map.of(), "--config=" + file).workers).isEqualTo(5);
    }

    @Test
    void aValueFromTheEnvironmentIsCheckedAsAFlagIs() {
        String err = usageError(Map.of("ARGON_PORT", "70000"));
        assertThat(err).contains("a port is from 0 to 65535");
    }

    @Test
    void aFileThatNamesNoOptionOrCannotBeReadIsAUsageError() throws Exception {
        Path typo = config("wokers=8\n");
        assertThat(usageError(Map.of(), "--config", typo.toString()))
                .contains("'wokers' is not an option of daemon").contains("workers");
        assertThat(usageError(Map.of(), "--config", dir.resolve("missing.properties").toString()))
                .contains("missing.properties: cannot read it");
    }

    @Test
    void helpSaysWhereOptionsComeFrom() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream previous = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            Commands.execute(new Daemonish(), Map.of(), "--help");
        } finally {
            System.setOut(previous);
        }
        String help = out.toString(StandardCharsets.UTF_8).replaceAll("\\s+", " ");
        assertThat(help).contains("--config=FILE").contains("ARGON_MAX_CONNECTIONS")
                .contains("The command line wins over the environment, which wins over the file.");
    }

    @Test
    void aBadValueFromTheEnvironmentOrTheFileSaysWhereItCameFrom() throws Exception {
        assertThat(usageError(Map.of("ARGON_WORKERS", "abc")))
                .contains("'abc' is not an int").contains("(the value came from ARGON_WORKERS in the environment)");
        Path file = config("workers=x\n");
        assertThat(usageError(Map.of(), "--config", file.toString()))
                .contains("(the value came from workers= in " + file + ")");
        assertThat(usageError(Map.of("ARGON_WORKERS", "abc"), "-w", "z")).as("given on the command line: no source")
                .contains("'z' is not an int").doesNotContain("the value came");
    }

    @Test
    void valuesFromTheFileAndTheEnvironmentAreTrimmed() throws Exception {
        assertThat(run(Map.of(), "--config", config("workers=1 \n").toString()).workers).isEqualTo(1);
        assertThat(run(Map.of("ARGON_WORKERS", " 3\t")).workers).isEqualTo(3);
    }

    @Command(name = "tool")
    static final class WithAddress implements Callable<Integer> {
        @Option(names = "-a")
        io.argon.core.HostPort address;

        @Override
        public Integer call() {
            return 0;
        }
    }

    @Command(name = "tool", subcommands = {Submit.class, Status.class})
    static final class Tool implements Runnable {
        @Override
        public void run() {
        }
    }

    @Command(name = "submit")
    static final class Submit implements Runnable {
        @Override
        public void run() {
        }
    }

    @Command(name = "status")
    static final class Status implements Runnable {
        @Override
        public void run() {
        }
    }

    @Test
    void aBadAddressSaysWhatIsWrongWithoutTheInternals() {
        String error = usageError(new WithAddress(), Map.of(), "-a", "127.0.0.1:99999");
        assertThat(error).contains("'127.0.0.1:99999' is not HOST or HOST:PORT: port 99999 is outside 0-65535")
                .doesNotContain("java.lang").doesNotContain("cannot convert");
    }

    @Test
    void aMistypedSubcommandSuggestsTheOneMeant() {
        assertThat(usageError(new Tool(), Map.of(), "submt")).contains("Did you mean").contains("submit");
    }

    private static String usageError(Map<String, String> environment, String... args) {
        return usageError(new Daemonish(), environment, args);
    }

    private static String usageError(Object command, Map<String, String> environment, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream previous = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(Commands.execute(command, environment, args)).isEqualTo(2);
        } finally {
            System.setErr(previous);
        }
        return err.toString(StandardCharsets.UTF_8);
    }
}
