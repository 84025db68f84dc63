package io.argon.node;

import io.argon.core.HostPort;
import io.argon.core.cli.Commands;
import io.argon.core.cli.VersionProvider;
import io.argon.core.protocol.Messages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sun.misc.Signal;

/** {@code node}: runs a node until SIGTERM or SIGINT. */
@Command(name = "node", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Runs Argon tasks on a pool of worker JVMs, for clients or for a manager.")
public final class NodeMain implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(NodeMain.class);

    @Spec
    CommandSpec spec;

    @Option(names = {"-p", "--port"}, defaultValue = "8000", description = "TCP port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = {"-H", "--host"}, defaultValue = "0.0.0.0", description = "Address to listen on (default: all interfaces).")
    String host;

    @Option(names = {"-w", "--workers"}, defaultValue = "4", description = "Worker JVMs to run (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = {"-i", "--include"}, paramLabel = "PATH",
            description = "Adds task code to the workers' classpath: a directory of classes, a jar, or DIR/* for every jar in DIR. Repeatable.")
    List<String> includes = new ArrayList<>();

    @Option(names = {"-r", "--recycle-after"}, paramLabel = "N", defaultValue = "0",
            description = "Replaces a worker after it has run N tasks, to release its memory; 0 = never (default).")
    int recycleAfter;

    @Option(names = {"-l", "--limit"}, paramLabel = "N", defaultValue = "64",
            description = "Tasks that may wait for a worker; more are rejected at once (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = {"-m", "--manager"}, paramLabel = "HOST:PORT", description = "Registers with this manager and takes tasks from it.")
    HostPort manager;

    @Option(names = "--worker-jvm-opts", paramLabel = "OPTS",
            description = "JVM options for the workers, space-separated; replaces the defaults (${DEFAULT-VALUE}).")
    String workerJvmOpts = String.join(" ", NodeConfig.DEFAULT_WORKER_JVM_OPTIONS);

    @Option(names = "--max-frame-bytes", paramLabel = "BYTES", defaultValue = "" + Messages.DEFAULT_MAX_FRAME_BYTES,
            description = "Largest message accepted, in bytes (default: ${DEFAULT-VALUE}).")
    int maxFrameBytes;

    @Option(names = "--grace", paramLabel = "SECONDS", defaultValue = "30",
            description = "On SIGTERM, how long running and queued tasks get to finish (default: ${DEFAULT-VALUE}).")
    int graceSeconds;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "info",
            description = "trace, debug, info, warn or error (default: ${DEFAULT-VALUE}).")
    String logLevel;

    public static void main(String[] args) {
        System.exit(Commands.execute(new NodeMain(), args));
    }

    @Override
    public Integer call() throws Exception {
        NodeConfig config = config();
        Commands.setLogLevel(logLevel);
        Node node = new Node(config);
        CountDownLatch stopRequested = new CountDownLatch(1);
        for (String name : List.of("TERM", "INT")) {
            Signal.handle(new Signal(name), signal -> {
                log.info("received SIG{}", signal.getName());
                stopRequested.countDown();
            });
        }
        try {
            node.start();
        } catch (Node.NodeStartException e) {
            log.error("node failed to start: {}", e.getMessage());
            return 1;
        }
        stopRequested.await();
        node.shutdown().join();
        log.info("node stopped");
        return 0;
    }

    private NodeConfig config() {
        List<Path> paths = new ArrayList<>();
        for (String include : includes) {
            paths.add(checkInclude(include));
        }
        List<String> jvmOptions = Arrays.stream(workerJvmOpts.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
        try {
            return new NodeConfig(host, port, workers, paths, recycleAfter, limit, jvmOptions, maxFrameBytes,
                    Duration.ofSeconds(graceSeconds), manager);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private Path checkInclude(String include) {
        boolean wildcard = include.endsWith("/*");
        Path path = Path.of(wildcard ? include.substring(0, include.length() - 2) : include).toAbsolutePath().normalize();
        if (wildcard ? !Files.isDirectory(path) : !Files.exists(path)) {
            throw new ParameterException(spec.commandLine(), "-i " + include + ": no such " + (wildcard ? "directory" : "file or directory"));
        }
        return wildcard ? path.resolve("*") : path;
    }
}
