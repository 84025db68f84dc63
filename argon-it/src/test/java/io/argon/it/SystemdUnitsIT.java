package io.argon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.argon.core.Version;
import io.argon.core.security.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd units in the archive's {@code systemd/} and README.md's steps that install them,
 * checked without root or a running systemd: the steps run with /opt and /etc moved into a
 * scratch directory, and the commands that change the system or need systemd doing nothing;
 * {@code systemd-analyze} (where there is one) verifies the units installed that way and rates
 * their sandbox; and the daemons start as the units start them, with the properties files as
 * installed.
 */
class SystemdUnitsIT {
    private static final List<String> UNITS = List.of("argon-node.service", "argon-manager.service");
    /** The exposure {@code systemd-analyze security} rates a unit at, out of 10, that it must stay below. */
    private static final double MOST_EXPOSURE = 5.0;
    /** The install steps' commands that change the system or talk to systemd: here they do nothing. */
    private static final String STUBS = """
            sudo() { "$@"; }
            useradd() { :; }
            chown() { :; }
            systemctl() { :; }
            """;
    /** An absolute path under /opt or /etc, as a word of its own or after '=' or '-' (ExecStart=, EnvironmentFile=-). */
    private static final Pattern SYSTEM_PATH = Pattern.compile("(?<![^\\s'\"=-])/(opt|etc)(?=[/\\s'\"]|$)", Pattern.MULTILINE);
    private static final Pattern EXPOSURE = Pattern.compile("Overall exposure level for \\S+: (\\d+\\.\\d+)");

    @TempDir
    static Path scratch;
    /** The unpacked archive. */
    private static Path home;
    /** What stands for / in the installation the README's steps made; null until {@link #installed()} has made it. */
    private static Path root;

    @BeforeAll
    static void unpack() throws Exception {
        home = DistributionArchive.unpack(Files.createDirectories(scratch.resolve("unpacked")));
    }

    /** {@code text} with each path under /opt or /etc moved under {@code newRoot}. */
    private static String rooted(String text, Path newRoot) {
        return SYSTEM_PATH.matcher(text).replaceAll(Matcher.quoteReplacement(newRoot.toString()) + "/$1");
    }

    /** The install steps README.md shows: the lines of its shell blocks that start with sudo. */
    private static String installSteps() throws IOException {
        List<String> steps = new ArrayList<>();
        boolean inShell = false;
        for (String line : Files.readAllLines(ArgonProcess.home().resolve("README.md"))) {
            if (line.startsWith("```")) {
                inShell = line.equals("```sh");
            } else if (inShell && line.startsWith("sudo ")) {
                steps.add(line);
            }
        }
        assertThat(steps).as("README.md's install steps (lines starting with sudo in a sh block)").isNotEmpty();
        return String.join("\n", steps).replace("VERSION", Version.get()) + "\n";
    }

    /** Runs the README's install steps once, with /opt and /etc under a scratch root, from where the archive was downloaded. */
    private static synchronized Path installed() throws Exception {
        if (root == null) {
            Path newRoot = scratch.resolve("root");
            Files.createDirectories(newRoot.resolve("opt"));
            Files.createDirectories(newRoot.resolve("etc/systemd/system"));
            Path downloads = Files.createDirectories(scratch.resolve("downloads"));
            String archive = "argon-" + Version.get() + ".tar.gz";
            Files.copy(ArgonProcess.home().resolve("argon-dist/target").resolve(archive), downloads.resolve(archive),
                    StandardCopyOption.REPLACE_EXISTING);
            String script = "set -euo pipefail\n" + STUBS + rooted(installSteps(), newRoot);
            Process steps = new ProcessBuilder("bash", "-c", script).directory(downloads.toFile()).redirectErrorStream(true).start();
            String output = new String(steps.getInputStream().readAllBytes());
            assertThat(steps.waitFor()).as("the install steps\n" + script + "\nprinted\n" + output).isZero();
            // The installed files name what they read by its place in the system: moved as the steps were.
            try (var installed = Files.list(newRoot.resolve("etc/argon"))) {
                for (Path file : installed.filter(file -> file.toString().endsWith(".properties")).toList()) {
                    Files.writeString(file, rooted(Files.readString(file), newRoot));
                }
            }
            root = newRoot;
        }
        return root;
    }

    /** The unit as installed, with its paths moved as the install steps' were, written where systemd-analyze can read it. */
    private static Path installedUnit(String unit) throws Exception {
        Path file = installed().resolve("etc/systemd/system").resolve(unit);
        assertThat(file).as("installed by README.md's steps").exists();
        Path copy = Files.createDirectories(scratch.resolve("units")).resolve(unit);
        Files.writeString(copy, rooted(Files.readString(file), root));
        return copy;
    }

    private static String systemdAnalyze(List<String> args, int expectedStatus) throws Exception {
        List<String> argv = new ArrayList<>(List.of("systemd-analyze"));
        argv.addAll(args);
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(argv + " printed\n" + output).isEqualTo(expectedStatus);
        return output;
    }

    private static boolean hasSystemdAnalyze() {
        return Arrays.stream(System.getenv("PATH").split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, "systemd-analyze")));
    }

    @Test
    void theUnitsAsInstalledPassSystemdAnalyzeVerify() throws Exception {
        assumeTrue(hasSystemdAnalyze(), "no systemd-analyze here");
        for (String unit : UNITS) {
            // verify also checks that ExecStart's program is there: the steps put bin/ where the unit runs it.
            String output = systemdAnalyze(List.of("verify", installedUnit(unit).toString()), 0);
            assertThat(output.lines().filter(line -> line.contains(unit))).as("what verify says of " + unit).isEmpty();
        }
    }

    @Test
    void theUnitsAreSandboxed() throws Exception {
        assumeTrue(hasSystemdAnalyze(), "no systemd-analyze here");
        assumeTrue(systemdAnalyze(List.of("security", "--help"), 0).contains("--offline"), "systemd-analyze security has no --offline");
        for (String unit : UNITS) {
            String output = systemdAnalyze(List.of("security", "--offline=yes", "--no-pager", home.resolve("systemd").resolve(unit).toString()), 0);
            Matcher exposure = EXPOSURE.matcher(output);
            assertThat(exposure.find()).as(output).isTrue();
            assertThat(Double.parseDouble(exposure.group(1))).as(unit + " exposure; systemd-analyze says\n" + output).isLessThan(MOST_EXPOSURE);
        }
    }

    /** The program and arguments of the unit's ExecStart=. */
    private static List<String> execStart(Path unit) throws IOException {
        String line = Files.readAllLines(unit).stream().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
        return List.of(line.substring("ExecStart=".length()).split(" "));
    }

    /** Starts the daemon as the installed unit does, with {@code environment} as its .env file would give it. */
    private static ArgonProcess startAsTheUnitDoes(String unit, Map<String, String> environment) throws Exception {
        List<String> command = execStart(installedUnit(unit));
        Path program = Path.of(command.get(0));
        return ArgonProcess.start(program.getParent(), environment, program.getFileName().toString(),
                command.subList(1, command.size()).toArray(String[]::new));
    }

    @Test
    void theDaemonsRunAsTheUnitsStartThemWithThePropertiesAndSecretTheStepsInstalled() throws Exception {
        Path secretFile = installed().resolve("etc/argon/secret");
        assertThat(secretFile).as("the secret the steps made").exists();
        Secret secret = Secret.fromFile(secretFile);
        // What /etc/argon/*.env could hold: loopback and free ports here.
        Map<String, String> loopback = Map.of("ARGON_HOST", "127.0.0.1", "ARGON_PORT", "0", "ARGON_HTTP_PORT", "0");
        try (ArgonProcess manager = startAsTheUnitDoes("argon-manager.service", loopback).reachedWith(secret, null)) {
            Map<String, String> nodeEnvironment = new HashMap<>(loopback);
            nodeEnvironment.putAll(Map.of("ARGON_WORKERS", "1", "ARGON_MANAGER", manager.address()));
            try (ArgonProcess node = startAsTheUnitDoes("argon-node.service", nodeEnvironment)) {
                node.awaitLine("registered with manager");
                ArgonProcess submit = ArgonProcess.start(installed().resolve("opt/argon/bin"), Map.of(), "argon", "submit",
                        "-a", manager.address(), "--secret-file", secretFile.toString(), "-c", "io.argon.examples.SampleTask",
                        "-p", "{\"num\": 7}");
                assertThat(submit.waitFor(Duration.ofSeconds(60))).as(submit.output()).isZero();
                assertThat(submit.output().trim()).isEqualTo("7");
            }
        }
    }

    @Test
    void aDaemonWhoseSecretFileIsMissingSaysHowToMakeOne() throws Exception {
        Path missing = scratch.resolve("no-secret-here");
        try (ArgonProcess node = ArgonProcess.start(home.resolve("bin"), Map.of(), "node", "-H", "127.0.0.1", "-p", "0",
                "--secret-file", missing.toString())) {
            assertThat(node.waitFor(Duration.ofSeconds(30))).as(node.output()).isEqualTo(2);
            assertThat(node.output()).contains("--secret-file " + missing + ": no such file",
                    "(umask 077; head -c 32 /dev/urandom | base64 > " + missing + ")");
        }
    }
}
