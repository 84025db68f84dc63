package io.argon.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.argon.core.security.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the commands README.md shows, as a newcomer would paste them: a daemon on a free
 * loopback port instead of 8000, a client pointed at it. A command that needs what a test
 * machine lacks (task jars under /srv, a manager on another host) is listed with the reason,
 * so that a new example in README.md is either run here or explicitly set aside.
 */
class ReadmeCommandsIT {
    private static final Map<String, String> CANNOT_RUN = Map.of(
            "bin/node -p 8000 -w 8 -i /srv/tasks/app.jar -i '/srv/tasks/lib/*' -r 500", "needs task jars under /srv",
            "bin/node -p 8001 -w 8 -i /srv/tasks/app.jar -m manager.example.net:8000", "needs task jars under /srv and another host",
            "bin/node -p 8001 -w 8 -m manager-a.example.net,manager-b.example.net", "needs two other hosts",
            "bin/argon submit -a manager-a.example.net,manager-b.example.net -c io.argon.examples.SampleTask -p '{\"num\": 1}'",
            "needs two other hosts",
            "bin/argon drain -a manager.example.net:8000 --node 10.0.0.5:8001", "needs a manager and a node on other hosts "
                    + "(DrainIT drains a node through a manager)");

    /** Lines that prepare what the commands after them use (a secret file): run with bash, in a scratch directory. */
    private static final Pattern SETUP = Pattern.compile("^(openssl|chmod|mkdir|cp) ");

    /** Install steps, which need root: SystemdUnitsIT runs them with /opt and /etc moved into a scratch directory. */
    private static final Pattern INSTALL_STEP = Pattern.compile("^sudo ");

    @TempDir
    static Path scratch;

    /** A shell pipeline that feeds a bin/ command, run with bash as shown. */
    private static final Pattern PIPELINE = Pattern.compile("^[a-z]\\S* .*\\| bin/");

    /** A command shown in a shell block, and the output shown under it, if any. */
    private record Example(String command, List<String> shownOutput) {
    }

    private static List<Example> readmeExamples() throws Exception {
        List<Example> examples = new ArrayList<>();
        boolean inShell = false;
        Example lastInBlock = null;
        for (String line : Files.readAllLines(ArgonProcess.home().resolve("README.md"))) {
            if (line.startsWith("```")) {
                inShell = line.equals("```sh");
                lastInBlock = null;
            } else if (inShell && INSTALL_STEP.matcher(line).find()) {
                lastInBlock = null;
            } else if (inShell && SETUP.matcher(line).find()) {
                Process setup = new ProcessBuilder("bash", "-c", line).directory(scratch.toFile()).inheritIO().start();
                assertThat(setup.waitFor()).as(line).isZero();
            } else if (inShell && (line.startsWith("bin/") || PIPELINE.matcher(line).find())) {
                int comment = line.indexOf(" #");
                lastInBlock = new Example((comment < 0 ? line : line.substring(0, comment)).strip(), new ArrayList<>());
                examples.add(lastInBlock);
            } else if (inShell && !line.isBlank() && !line.startsWith("#")) {
                assertThat(lastInBlock).as("README.md: output shown with no command above it in its block: " + line).isNotNull();
                lastInBlock.shownOutput().add(line);
            }
        }
        return examples;
    }

    @Test
    void everyShellCommandInTheReadmeRunsAsShown() throws Exception {
        List<Example> examples = readmeExamples();
        assertThat(examples).extracting(Example::command).contains("bin/bench --local", "bin/argon status -a 127.0.0.1:8000").containsAll(CANNOT_RUN.keySet());
        for (Example example : examples) {
            if (CANNOT_RUN.containsKey(example.command())) {
                continue;
            }
            if (PIPELINE.matcher(example.command()).find()) {
                pipelinePrintsWhatIsShown(example);
                continue;
            }
            List<String> argv = inScratch(words(example.command()));
            String program = argv.remove(0).substring("bin/".length());
            switch (program) {
                case "node", "cluster" -> runsUntilStopped(program, argv);
                case "argon" -> printsWhatIsShown(argv, example.shownOutput());
                case "bench" -> benchReports(argv);
                default -> throw new AssertionError("README shows a command this test does not know: " + example.command());
            }
        }
    }

    /** Files the setup lines made are named by their place in the scratch directory. */
    private static List<String> inScratch(List<String> words) {
        List<String> resolved = new ArrayList<>();
        for (String word : words) {
            resolved.add(!word.isEmpty() && !word.startsWith("-") && Files.exists(scratch.resolve(word))
                    ? scratch.resolve(word).toString() : word);
        }
        return resolved;
    }

    /** The secret a command was given, to reach the daemon it talks to, or null. */
    private static Secret secretOf(List<String> argv) throws Exception {
        int at = argv.indexOf("--secret-file");
        return at < 0 ? null : Secret.fromFile(Path.of(argv.get(at + 1)));
    }

    /** A daemon example starts and serves: on a free loopback port, since 8000 may be taken. */
    private static void runsUntilStopped(String program, List<String> argv) throws Exception {
        List<String> args = onFreeLoopbackPort(argv);
        try (ArgonProcess daemon = ArgonProcess.start(program, args.toArray(String[]::new))) {
            daemon.reachedWith(secretOf(argv), null);
            daemon.awaitStatus(program + " " + argv + " serving", status -> status.has("role"), Duration.ofSeconds(60));
            daemon.terminate();
            assertThat(daemon.waitFor(Duration.ofSeconds(40))).as(program + " " + argv + " exit status").isZero();
        }
    }

    /** A client example against a node, with the node's real port in place of 8000. */
    private static void printsWhatIsShown(List<String> argv, List<String> shownOutput) throws Exception {
        int secret = argv.indexOf("--secret-file");
        String[] nodeArgs = secret < 0 ? new String[0] : new String[] {"--secret-file", argv.get(secret + 1)};
        try (ArgonProcess node = ArgonProcess.startNode(nodeArgs)) {
            String[] args = argv.stream().map(word -> word.replace("127.0.0.1:8000", "127.0.0.1:" + node.port()))
                    .toArray(String[]::new);
            try (ArgonProcess client = ArgonProcess.start("argon", args)) {
                assertThat(client.waitFor(Duration.ofSeconds(60))).as("argon " + argv + " exit status").isZero();
                assertThat(client.lines()).as("argon " + argv + " output").containsAll(shownOutput);
            }
        }
    }

    /** A pipeline into a client command, run by bash in the repository against a node with its real port in place of 8000. */
    private static void pipelinePrintsWhatIsShown(Example example) throws Exception {
        try (ArgonProcess node = ArgonProcess.startNode()) {
            String command = example.command().replace("127.0.0.1:8000", "127.0.0.1:" + node.port());
            Process bash = new ProcessBuilder("bash", "-o", "pipefail", "-c", command).directory(ArgonProcess.home().toFile())
                    .redirectErrorStream(true).start();
            String output = new String(bash.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(bash.waitFor()).as(example.command() + " exit status; output:\n" + output).isZero();
            assertThat(output.lines().toList()).as(example.command() + " output").containsAll(example.shownOutput());
        }
    }

    private static void benchReports(List<String> argv) throws Exception {
        try (ArgonProcess bench = ArgonProcess.start("bench", argv.toArray(String[]::new))) {
            assertThat(bench.waitFor(Duration.ofSeconds(120))).as("bench " + argv + " exit status").isZero();
            assertThat(bench.lines()).anySatisfy(line -> assertThat(line).startsWith("throughput:"))
                    .anySatisfy(line -> assertThat(line).matches("errors: +0"));
        }
    }

    private static List<String> onFreeLoopbackPort(List<String> argv) {
        List<String> args = new ArrayList<>(argv);
        for (String option : List.of("-p", "--http-port")) {
            int port = args.indexOf(option);
            if (port >= 0) {
                args.set(port + 1, "0");
            }
        }
        if (!args.contains("-H")) {
            args.addAll(List.of("-H", "127.0.0.1"));
        }
        return args;
    }

    /** Splits a command line as a shell would for these examples: on spaces, with '...' kept whole. */
    private static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        for (char c : command.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
            } else if (c == ' ' && !quoted) {
                if (word.length() > 0) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (word.length() > 0) {
            words.add(word.toString());
        }
        return words;
    }
}
