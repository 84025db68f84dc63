package io.argon.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.core.security.Secret;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * A real Argon program started through its bin/ launcher, with its output (stdout and stderr
 * merged) collected line by line so tests can wait for and inspect log lines. Only processes
 * a test started are ever stopped, by their own handle.
 */
public final class ArgonProcess implements AutoCloseable {
    /** The line a daemon logs once it serves (not the warning about an open port, logged when it binds). */
    private static final Pattern LISTENING = Pattern.compile("(?:node|manager) listening on \\S+:(\\d+)");

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private volatile Secret secret;
    private volatile Path trustedCa;
    private final Thread reader;

    private ArgonProcess(Process process, String name) {
        this.process = process;
        this.reader = new Thread(this::collect, "output-" + name + "-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** The repository root, where bin/ lives. */
    public static Path home() {
        return Path.of(System.getProperty("argon.home", "..")).toAbsolutePath().normalize();
    }

    /** Starts {@code bin/<command> args...}. */
    public static ArgonProcess start(String command, String... args) throws IOException {
        return start(Map.of(), command, args);
    }

    /** Starts {@code bin/<command> args...} with {@code env} added to this JVM's environment. */
    public static ArgonProcess start(Map<String, String> env, String command, String... args) throws IOException {
        return start(home().resolve("bin"), env, command, args);
    }

    /** Starts {@code <bin>/<command> args...} (an unpacked archive's, say) with {@code env} over this JVM's environment. */
    public static ArgonProcess start(Path bin, Map<String, String> env, String command, String... args) throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add(bin.resolve(command).toString());
        argv.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
        builder.environment().putAll(env);
        return new ArgonProcess(builder.start(), command);
    }

    /** A loopback port that is free now, for a daemon that must be started on a port known in advance. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Starts a node on a free loopback port and waits until it serves; returns it. */
    public static ArgonProcess startNode(String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of("-H", "127.0.0.1"));
        if (!List.of(args).contains("-p")) {
            argv.addAll(List.of("-p", "0"));
        }
        argv.addAll(List.of(args));
        ArgonProcess node = start("node", argv.toArray(String[]::new));
        node.awaitLine(LISTENING, Duration.ofSeconds(60));
        return node;
    }

    private void collect() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException ignored) {
            // the process went away
        }
    }

    /** Waits for a line that matches and returns its matcher; fails with the output so far. */
    public Matcher awaitLine(Pattern pattern, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        synchronized (lines) {
            while (true) {
                for (; seen < lines.size(); seen++) {
                    Matcher matcher = pattern.matcher(lines.get(seen));
                    if (matcher.find()) {
                        return matcher;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
                    throw new AssertionError("no line matching /" + pattern + "/ within " + timeout
                            + (process.isAlive() ? "" : " (process exited)") + "; output:\n" + output());
                }
                try {
                    lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    public Matcher awaitLine(String regex) {
        return awaitLine(Pattern.compile(regex), Duration.ofSeconds(30));
    }

    /** The port from the "listening on host:port" line. */
    public int port() {
        return Integer.parseInt(awaitLine(LISTENING, Duration.ofSeconds(60)).group(1));
    }

    /** The address a daemon started on loopback listens on, as a manager and the commands name it: 127.0.0.1:port. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    /** For a daemon with a secret or TLS: how {@link #status()} reaches it. */
    public ArgonProcess reachedWith(Secret newSecret, Path newTrustedCa) {
        this.secret = newSecret;
        this.trustedCa = newTrustedCa;
        return this;
    }

    /** The daemon's status report, asked for over a connection of its own. */
    public JsonNode status() throws IOException {
        try (RawConnection connection = new RawConnection(port(), secret, trustedCa)) {
            return connection.status();
        }
    }

    /**
     * Asks for the status report until it satisfies {@code condition}; fails with the last
     * report and the output so far, at once if the process exits. How tests wait for a state
     * (a node registered, a task on a worker, a worker replaced) without reading log text.
     */
    public JsonNode awaitStatus(String what, Predicate<JsonNode> condition, Duration timeout) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        AtomicReference<IOException> lastError = new AtomicReference<>();
        try {
            await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                    .failFast("the process exited", () -> !process.isAlive())
                    .until(() -> {
                        try {
                            last.set(status());
                        } catch (IOException e) {
                            lastError.set(e);
                            return false;
                        }
                        return condition.test(last.get());
                    });
            return last.get();
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new AssertionError("status never showed " + what + " within " + timeout
                    + (process.isAlive() ? "" : " (process exited)") + "; last report: " + last.get()
                    + (lastError.get() != null ? "; last error: " + lastError.get() : "") + "; output:\n" + output());
        }
    }

    /** How many lines of its output so far match {@code regex}. */
    public long countLines(String regex) {
        Pattern pattern = Pattern.compile(regex);
        return lines().stream().filter(line -> pattern.matcher(line).find()).count();
    }

    public String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    /**
     * A node's worker JVMs: its children but the short training JVM that makes the workers'
     * class-data archive (see WorkerArchive), which may still run just after the node's start.
     */
    public List<ProcessHandle> workers() {
        return process.toHandle().children()
                .filter(child -> {
                    String commandLine = child.info().commandLine().orElse("");
                    return commandLine.contains("io.argon.worker.WorkerMain") && !commandLine.endsWith("--train");
                })
                .toList();
    }

    /** The pids of {@link #workers()}. */
    public Set<Long> workerPids() {
        Set<Long> pids = new HashSet<>();
        workers().forEach(worker -> pids.add(worker.pid()));
        return pids;
    }

    /** Waits for the process to exit; returns its status. */
    public int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("process " + pid() + " still running after " + timeout + "; output:\n" + output());
        }
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return process.exitValue();
    }

    /** SIGTERM. Through the handle, since Process.destroy() would also close our end of its output. */
    public void terminate() {
        process.toHandle().destroy();
    }

    /** Sends the process the signal {@code name} ("INT", "HUP", ...), as kill(1) does. */
    public void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -" + name + " " + pid() + " failed");
        }
    }

    /** Writes {@code text} to the process's standard input, then closes it if {@code end}. */
    public void input(String text, boolean end) throws IOException {
        process.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
        if (end) {
            process.getOutputStream().close();
        }
    }

    /** SIGKILL. */
    public void kill() {
        process.toHandle().destroyForcibly();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
