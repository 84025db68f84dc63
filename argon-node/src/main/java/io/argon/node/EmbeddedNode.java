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

    public static Builder builder() {
        return new Builder();
    }

    /** Starts a node with {@code workers} worker JVMs and the defaults otherwise. */
    public static EmbeddedNode start(int workers) throws Node.NodeStartException {
        return builder().workers(workers).start();
    }

    /** Where the node listens: 127.0.0.1 and the port it was given (a free one by default). */
    public HostPort address() {
        return address;
    }

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
        private final NodeConfig.Builder config = NodeConfig.builder().host("127.0.0.1").workers(1);
        private final List<Path> includes = new ArrayList<>();
        private boolean ownClasspath = true;
        private Duration shutdownGrace = DaemonConfig.DEFAULT_SHUTDOWN_GRACE;

        private Builder() {
        }

        /** Worker JVMs to run (default 1). */
        public Builder workers(int count) {
            config.workers(count);
            return this;
        }

        /** The port on 127.0.0.1 (default 0: a free one, see {@link EmbeddedNode#port()}). */
        public Builder port(int number) {
            config.port(number);
            return this;
        }

        /** Adds a directory, jar or {@code dir/*} to the workers' classpath, as {@code -i} does. */
        public Builder include(Path path) {
            includes.add(path);
            return this;
        }

        /**
         * Whether the workers get this JVM's classpath (default true). Turn it off to give them
         * only the worker code and what {@link #include} adds, as {@code bin/node} does.
         */
        public Builder ownClasspath(boolean given) {
            this.ownClasspath = given;
            return this;
        }

        /** Tasks a worker runs before it is replaced; 0 (the default) for never. */
        public Builder recycleAfter(int tasks) {
            config.recycleAfter(tasks);
            return this;
        }

        /** Tasks that may wait for a worker before new ones are rejected (default 64). */
        public Builder queueLimit(int tasks) {
            config.queueLimit(tasks);
            return this;
        }

        /** The workers' JVM options, in place of the defaults. */
        public Builder workerJvmOptions(List<String> options) {
            config.workerJvmOptions(options);
            return this;
        }

        /** The timeout of a task that has none, and the cap on those that do (default: none). */
        public Builder taskTimeout(Duration timeout) {
            config.taskTimeout(timeout);
            return this;
        }

        /** How long {@link EmbeddedNode#close()} lets held tasks finish (default 30 s). */
        public Builder shutdownGrace(Duration grace) {
            this.shutdownGrace = grace;
            config.shutdownGrace(grace);
            return this;
        }

        /** How many times a task that is safe to run again is tried when its worker dies (default 3). */
        public Builder maxAttempts(int attempts) {
            config.maxAttempts(attempts);
            return this;
        }

        /** Serves Prometheus metrics at /metrics on this port of 127.0.0.1 (0: a free one); by default, none. */
        public Builder metricsPort(int number) {
            config.metricsPort(number);
            return this;
        }

        /**
         * Keeps the workers' class-data archive in this directory (made once, in the background,
         * then mapped by every worker started after it; see README, "Start-up"); by default, none.
         */
        public Builder classDataDir(Path dir) {
            config.classDataDir(dir);
            return this;
        }

        /** The shared secret clients must prove (default: none). */
        public Builder secret(Secret shared) {
            config.secret(shared);
            return this;
        }

        /**
         * Starts the node and returns once every worker is ready.
         *
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
            NodeConfig built = config.includes(classpath).build();
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
}
