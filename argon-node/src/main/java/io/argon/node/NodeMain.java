package io.argon.node;

import io.argon.core.HostPort;
import io.argon.core.cli.Commands;
import io.argon.core.cli.DaemonOptions;
import io.argon.core.cli.OptionDefaults;
import io.argon.core.cli.SecurityOptions;
import io.argon.core.cli.VersionProvider;
import io.argon.core.daemon.DaemonRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code node}: runs a node until SIGTERM or SIGINT. */
@Command(name = "node", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Runs Argon tasks on a pool of worker JVMs, for clients or for a manager.",
        footer = OptionDefaults.HELP)
public final class NodeMain implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(NodeMain.class);
    /**
     * A jar of tasks the workers get after the {@code -i} paths: bin/node sets it to the example
     * tasks' jar (unless ARGON_EXAMPLES=no). Not an option, so that -i and ARGON_INCLUDE replace
     * one another as options do without losing it.
     */
    static final String EXAMPLES_PROPERTY = "argon.examples";
    /** The directory for class-data-sharing archives (see WorkerArchive); bin/ sets it. */
    static final String CLASS_DATA_PROPERTY = "argon.cds.dir";

    @Spec
    CommandSpec spec;

    @Mixin
    DaemonOptions daemon;

    @Mixin
    SecurityOptions security;

    @Option(names = {"-w", "--workers"}, defaultValue = "4", description = "Worker JVMs to run (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = {"-i", "--include"}, paramLabel = "PATH", split = ":", splitSynopsisLabel = ":",
            description = "Adds task code to the workers' classpath: a directory of classes, a jar, or DIR/* for every jar in DIR. "
                    + "Repeatable, or several joined with ':'.")
    List<String> includes = new ArrayList<>();

    @Option(names = {"-r", "--recycle-after"}, paramLabel = "N", defaultValue = "0",
            description = "Replaces a worker after it has run N tasks, to release its memory; 0 = never (default).")
    int recycleAfter;

    @Option(names = {"-m", "--manager"}, paramLabel = "HOST:PORT", split = ",", splitSynopsisLabel = ",",
            description = "Registers with this manager and takes tasks from it. Repeatable, or several joined with ',': "
                    + "the node registers with each on its own.")
    List<HostPort> managers = new ArrayList<>();

    @Option(names = "--task-timeout", paramLabel = "SECONDS", defaultValue = "0",
            description = "Timeout of a task that has none, and the most a task may ask for; 0 = none (default).")
    double taskTimeoutSeconds;

    @Option(names = "--worker-jvm-opts", paramLabel = "OPTS",
            description = "JVM options for the workers, space-separated; replaces the defaults (${DEFAULT-VALUE}).")
    String workerJvmOpts = String.join(" ", NodeConfig.DEFAULT_WORKER_JVM_OPTIONS);

    public static void main(String[] args) {
        System.exit(Commands.execute(new NodeMain(), args));
    }

    @Override
    public Integer call() throws Exception {
        NodeConfig config = config();
        daemon.startLogging(log);
        if (System.getProperty(EXAMPLES_PROPERTY) != null) {
            log.info("the workers also get the example tasks, from {}", System.getProperty(EXAMPLES_PROPERTY));
        }
        return new DaemonRunner("node", log).runUntilStopped((loop, transport) -> new Node(config, loop, transport));
    }

    private NodeConfig config() {
        List<Path> paths = new ArrayList<>();
        for (String include : includes) {
            paths.add(checkInclude(include));
        }
        String examples = System.getProperty(EXAMPLES_PROPERTY);
        if (examples != null && !examples.isBlank()) {
            paths.add(checkInclude(examples));
        }
        List<String> jvmOptions = Arrays.stream(workerJvmOpts.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
        try {
            if (!(taskTimeoutSeconds >= 0) || taskTimeoutSeconds > Duration.ofDays(365).toSeconds()) {
                throw new IllegalArgumentException("--task-timeout must be between 0 and a year of seconds, got " + taskTimeoutSeconds);
            }
            return daemon.applyTo(NodeConfig.builder(), security.secret(spec), security.tls(spec, daemon.tlsClientCa))
                    .workers(workers)
                    .includes(paths)
                    .recycleAfter(recycleAfter)
                    .workerJvmOptions(jvmOptions)
                    .managers(managers)
                    .taskTimeout(Duration.ofMillis((long) (taskTimeoutSeconds * 1000)))
                    .classDataDir(classDataDir())
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /**
     * Where the workers' class-data archive is kept: set by bin/node (a cache directory of the
     * user's); none when the node is started otherwise.
     */
    private static Path classDataDir() {
        String dir = System.getProperty(CLASS_DATA_PROPERTY);
        return dir == null || dir.isBlank() ? null : Path.of(dir);
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
