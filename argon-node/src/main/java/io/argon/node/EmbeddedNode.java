package io.argon.node;

import io.argon.core.HostPort;
import io.argon.core.daemon.DaemonConfig;
import io.argon.core.net.Transport;
import io.argon.core.security.Secret;
import io.netty.channel.EventLoopGroup;
import java.io.File;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A stand-alone node started inside a Java program or a test: the same node as {@code bin/node},
 * with its worker JVMs forked as usual, listening on loopback on a free port.
 *
 * <pre>{@code
 * try (EmbeddedNode node = EmbeddedNode.builder().workers(2).start();
 *      ArgonClient client = new ArgonClient("127.0.0.1", node.port())) {
 *     int answer = client.process("com.example.MyTask", Map.of("n", 3), Integer.class);
 * }
 * }</pre>
 *
 * <p>The workers' classpath is, by default, this JVM's own (so the tasks a test or program
 * defines, and their libraries, are there), then what {@link Builder#include} adds.
 * {@link #close()} stops the node as SIGTERM stops {@code bin/node}: running and queued tasks
 * finish within the grace period, then the workers exit. The {@code argon-junit} module
 * starts and stops one around a test class.
 */
public final class EmbeddedNode implements AutoCloseable {
    private final Node node;
    private final EventLoopGroup group;
    private final HostPort address;
    private final Duration grace;

    private EmbeddedNode(Node node, EventLoopGroup group, HostPort address, Duration grace) {
        this.node = node;
        this.group = group;
        this.address = address;
        this.grace = grace;
    }

    /**
     * A builder with the defaults: one worker, a free port of 127.0.0.1.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a node with {@code workers} worker JVMs and the defaults otherwise.
     *
     * @param workers how many worker JVMs
     * @return the running node
     * @throws Node.NodeStartException when a worker cannot start or the port cannot be had
     */
    public static EmbeddedNode start(int workers) throws Node.NodeStartException {
        return builder().workers(workers).start();
    }

    /**
     * Where the node listens: 127.0.0.1 and the port it was given (a free one by default).
     *
     * @return the address
     */
    public HostPort address() {
        return address;
    }

    /**
     * The port the node listens on.
     *
     * @return the port
     */
    public int port() {
        return address.port();
    }

    /** Stops the node: tasks held finish within the grace period, then its workers exit. Waits until they have. */
    @Override
    public void close() {
        try {
            // The grace period, then a few seconds for the workers to exit and the connections to close.
            node.shutdown().get(grace.toSeconds() + 15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the embedded node did not stop cleanly: " + e, e);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /**
     * What an embedded node is started with; every setting has the default {@code bin/node}
     * has, but the node listens on 127.0.0.1, on a free port unless told otherwise, and runs
     * one worker.
     */
    public static final class Builder {
        private int workers = 1;
        private int port;
        private final List<Path> includes = new ArrayList<>();
        private boolean ownClasspath = true;
        private int recycleAfter;
        private int queueLimit = DaemonConfig.DEFAULT_QUEUE_LIMIT;
        private List<String> workerJvmOptions = NodeConfig.DEFAULT_WORKER_JVM_OPTIONS;
        private Duration taskTimeout = Duration.ZERO;
        private Duration shutdownGrace = DaemonConfig.DEFAULT_SHUTDOWN_GRACE;
        private int maxAttempts = DaemonConfig.DEFAULT_MAX_ATTEMPTS;
        private int httpPort = -1;
        private Path classDataDir;
        private Secret secret;

        private Builder() {
        }

        /**
         * Worker JVMs to run (default 1).
         *
         * @param count how many
         * @return this builder
         */
        public Builder workers(int count) {
            this.workers = count;
            return this;
        }

        /**
         * The port on 127.0.0.1 (default 0: a free one, see {@link EmbeddedNode#port()}).
         *
         * @param number the port, or 0 for a free one
         * @return this builder
         */
        public Builder port(int number) {
            this.port = number;
            return this;
        }

        /**
         * Adds a directory, jar or {@code dir/*} to the workers' classpath, as {@code -i} does.
         *
         * @param path the directory, jar or {@code dir/*}
         * @return this builder
         */
        public Builder include(Path path) {
            includes.add(path);
            return this;
        }

        /**
         * Whether the workers get this JVM's classpath (default true). Turn it off to give them
         * only the worker code and what {@link #include} adds, as {@code bin/node} does.
         *
         * @param given false to keep this JVM's classpath from the workers
         * @return this builder
         */
        public Builder ownClasspath(boolean given) {
            this.ownClasspath = given;
            return this;
        }

        /**
         * Tasks a worker runs before it is replaced; 0 (the default) for never.
         *
         * @param tasks how many tasks, or 0
         * @return this builder
         */
        public Builder recycleAfter(int tasks) {
            this.recycleAfter = tasks;
            return this;
        }

        /**
         * Tasks that may wait for a worker before new ones are rejected (default 64).
         *
         * @param tasks how many tasks
         * @return this builder
         */
        public Builder queueLimit(int tasks) {
            this.queueLimit = tasks;
            return this;
        }

        /**
         * The workers' JVM options, in place of the defaults.
         *
         * @param options the options, each one argument of {@code java}
         * @return this builder
         */
        public Builder workerJvmOptions(List<String> options) {
            this.workerJvmOptions = List.copyOf(options);
            return this;
        }

        /**
         * The timeout of a task that has none, and the cap on those that do (default: none).
         *
         * @param timeout the timeout, or zero for none
         * @return this builder
         */
        public Builder taskTimeout(Duration timeout) {
            this.taskTimeout = timeout;
            return this;
        }

        /**
         * How long {@link EmbeddedNode#close()} lets held tasks finish (default 30 s).
         *
         * @param grace the grace period
         * @return this builder
         */
        public Builder shutdownGrace(Duration grace) {
            this.shutdownGrace = grace;
            return this;
        }

        /**
         * How many times a task that is safe to run again is tried when its worker dies (default 3).
         *
         * @param attempts the most tries of one task
         * @return this builder
         */
        public Builder maxAttempts(int attempts) {
            this.maxAttempts = attempts;
            return this;
        }

        /**
         * Serves the HTTP port (the dashboard, its API, /metrics, /healthz, /readyz) on this port of
         * 127.0.0.1 (0: a free one); by default, none.
         *
         * @param number the port, or 0 for a free one
         * @return this builder
         */
        public Builder httpPort(int number) {
            this.httpPort = number;
            return this;
        }

        /**
         * Keeps the workers' class-data archive in this directory (made once, in the background,
         * then mapped by every worker started after it; see README, "Start-up"); by default, none.
         * Worker code run from class directories (an IDE's or a build's) cannot be archived; the
         * workers then start without an archive.
         *
         * @param dir the directory, or null for no archive
         * @return this builder
         */
        public Builder classDataDir(Path dir) {
            this.classDataDir = dir;
            return this;
        }

        /**
         * The shared secret clients must prove (default: none).
         *
         * @param shared the secret, or null for none
         * @return this builder
         */
        public Builder secret(Secret shared) {
            this.secret = shared;
            return this;
        }

        /**
         * What this builder has been told so far, as a value: builders whose settings are equal
         * start nodes that are alike (argon-junit shares one node among the test classes that
         * ask for equal settings). Later changes to the builder do not change it.
         *
         * @return the settings
         */
        public Settings settings() {
            return new Settings(workers, port, List.copyOf(includes), ownClasspath, recycleAfter, queueLimit, workerJvmOptions,
                    taskTimeout, shutdownGrace, maxAttempts, httpPort, classDataDir, secret);
        }

        /**
         * Starts the node and returns once every worker is ready.
         *
         * @return the running node
         * @throws Node.NodeStartException when a worker cannot start or the port cannot be had
         * @throws IllegalArgumentException when a setting is out of range
         */
        public EmbeddedNode start() throws Node.NodeStartException {
            List<Path> classpath = new ArrayList<>();
            if (ownClasspath) {
                for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                    if (!entry.isEmpty()) {
                        classpath.add(Path.of(entry));
                    }
                }
            }
            classpath.addAll(includes);
            NodeConfig built = NodeConfig.builder().host("127.0.0.1").port(port).workers(workers).includes(classpath)
                    .recycleAfter(recycleAfter).queueLimit(queueLimit).workerJvmOptions(workerJvmOptions)
                    .taskTimeout(taskTimeout).shutdownGrace(shutdownGrace).maxAttempts(maxAttempts).httpPort(httpPort)
                    .classDataDir(classDataDir).secret(secret).build();
            Transport transport = Transport.best();
            EventLoopGroup group = transport.newGroup(1, "argon-embedded-node");
            try {
                Node node = new Node(built, group.next(), transport);
                InetSocketAddress listening = node.start();
                return new EmbeddedNode(node, group, new HostPort("127.0.0.1", listening.getPort()), shutdownGrace);
            } catch (Node.NodeStartException | RuntimeException e) {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
                throw e;
            }
        }
    }

    /**
     * An {@link EmbeddedNode.Builder}'s settings, as a value with {@code equals} and
     * {@code hashCode}: what {@link Builder#settings()} returns.
     *
     * @param workers worker JVMs
     * @param port the port, 0 for a free one
     * @param includes what {@link Builder#include} added, in order
     * @param ownClasspath whether the workers get the starting JVM's classpath
     * @param recycleAfter tasks a worker runs before it is replaced, 0 for never
     * @param queueLimit tasks that may wait for a worker
     * @param workerJvmOptions the workers' JVM options
     * @param taskTimeout the default and cap of a task's timeout, zero for none
     * @param shutdownGrace how long a stopping node lets held tasks finish
     * @param maxAttempts the most tries of a task whose worker dies
     * @param httpPort the HTTP port, 0 for a free one, -1 for none
     * @param classDataDir where the workers' class-data archive is kept, or null
     * @param secret the secret clients must prove, or null (secrets are equal when their bytes are)
     */
    public record Settings(int workers, int port, List<Path> includes, boolean ownClasspath, int recycleAfter, int queueLimit,
            List<String> workerJvmOptions, Duration taskTimeout, Duration shutdownGrace, int maxAttempts, int httpPort,
            Path classDataDir, Secret secret) {
        /**
         * Settings whose lists cannot change.
         */
        public Settings {
            includes = List.copyOf(includes);
            workerJvmOptions = List.copyOf(workerJvmOptions);
        }
    }
}
