package io.argon.node;

import io.argon.core.Plural;
import io.argon.core.daemon.ControlService;
import io.argon.core.daemon.Daemon;
import io.argon.core.daemon.DaemonConfig;
import io.argon.core.daemon.Server;
import io.argon.core.net.Transport;
import io.argon.core.security.LinkSecurity;
import io.argon.history.TaskHistories;
import io.argon.metrics.MetricsEndpoint;
import io.argon.protocol.Control;
import io.argon.protocol.RawJson;
import io.argon.web.DaemonView;
import io.argon.web.WebEndpoint;
import io.netty.channel.EventLoop;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node: takes tasks from its connections and runs them on its pool of worker JVMs. This
 * class puts the pieces together: the {@link Daemon} skeleton listens and stops, the
 * {@link NodeDispatcher} decides where each task goes, the {@link WorkerPool} keeps the
 * workers, the {@link ManagerLinks} register with managers if there are any, and
 * {@link NodeControls} carries out an operator's requests.
 *
 * <p>All of a node's connections, to clients and to workers alike, live on the one event
 * loop passed in, and so do its queue and pool: the state needs no locks, and a result
 * crosses from a worker's link to the client's without a thread hand-off.
 */
public final class Node implements Server {
    private static final Logger log = LoggerFactory.getLogger(Node.class);
    private static final long ABORT_WAIT_SECONDS = 10;

    private final NodeConfig config;
    private final EventLoop loop;
    private final Transport transport;
    private final Daemon daemon;
    private final long createdNanos;
    private final ManagerLinks managers = new ManagerLinks();
    private NodeDispatcher dispatcher;
    private NodeControls controls;

    /**
     * @param loop      the event loop every connection and all state live on; the caller owns
     *                  it and shuts it down after {@link #shutdown()}
     * @param transport the transport {@code loop} was made for
     */
    public Node(NodeConfig config, EventLoop loop, Transport transport) {
        this.config = config;
        this.loop = loop;
        this.transport = transport;
        this.daemon = new Daemon("argon-node", loop, transport, config.daemon().maxFrameBytes(), config.daemon().maxConnections());
        this.createdNanos = loop.ticker().nanoTime();
    }

    /**
     * Forks the workers, waits until every one is ready, then starts listening. A start that
     * fails stops every worker it forked and removes what it created.
     *
     * @return the address the node listens on (its port is the real one when 0 was asked for)
     * @throws NodeStartException when a worker cannot start or the port cannot be bound
     */
    @Override
    public InetSocketAddress start() throws NodeStartException {
        DaemonConfig shared = config.daemon();
        String step = "set up TLS";
        InetSocketAddress address;
        try {
            LinkSecurity forClients = new LinkSecurity(shared.secret(), shared.tls().serverContext());
            LinkSecurity toManager = new LinkSecurity(shared.secret(), shared.tls().clientContext());
            step = "create the workers' socket";
            Path socketDir = Files.createTempDirectory("argon-node-");
            daemon.onStop(() -> deleteQuietly(socketDir));
            Path socket = socketDir.resolve("workers.sock");
            JvmWorkerLauncher launcher = new JvmWorkerLauncher(config, socket);
            dispatcher = new NodeDispatcher(config, loop, launcher, managers::describe);
            controls = new NodeControls(loop, dispatcher, managers);
            step = "open the task history";
            ControlService operator = TaskHistories.withHistory(controls, TaskHistories.open(daemon, shared, dispatcher::recordTo));

            // The port before the workers: a node that cannot have it says so before it forks any.
            NodeRequestHandler requests = NodeRequestHandler.forClients(dispatcher, operator, !config.managers().isEmpty());
            address = daemon.listen(shared.host(), shared.port(), forClients, () -> requests);
            if (shared.http().serves()) {
                step = "serve HTTP";
                MetricsEndpoint metrics = MetricsEndpoint.forDaemon(daemon, dispatcher.stats(),
                        endpoint -> NodeMeters.bind(endpoint.registry(), dispatcher));
                WebEndpoint.serve(daemon, shared, new DaemonView("node", dispatcher::status, operator, dispatcher::cancelAnywhere), metrics);
            }

            WorkerPool pool = dispatcher.pool();
            daemon.listenLocal(socket, () -> new WorkerLinkHandler(pool));
            daemon.onStop(() -> pool.stop("the node shut down and stopped the task's worker before the task finished"));
            step = "start the workers";
            pool.start().get();
            daemon.onStop(launcher.makeArchiveIfMissing()); // for the workers forked from now on; in the background

            daemon.accept();
            managers.start(config, daemon, toManager, address.getPort(), NodeRequestHandler.forManagers(dispatcher, operator));
        } catch (Daemon.ListenException e) {
            abort();
            throw new NodeStartException(e.getMessage(), e);
        } catch (ExecutionException e) {
            abort(); // a worker could not start; its message says which and why
            throw new NodeStartException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort();
            throw new NodeStartException("interrupted while starting", e);
        } catch (Exception e) {
            abort(); // an I/O error, or a failed bind, which Netty rethrows unchecked
            throw new NodeStartException("cannot " + step + ": " + e.getMessage(), e);
        }
        log.info("node listening on {}:{} with {} on {}, ready in {} ms", shared.host(), address.getPort(),
                Plural.of(config.workers(), "worker") + " (pids " + onLoop(() -> dispatcher.pool().pids()) + ")", transport,
                TimeUnit.NANOSECONDS.toMillis(loop.ticker().nanoTime() - createdNanos));
        return address;
    }

    /**
     * Stops taking tasks, lets queued and running ones finish within the grace period, answers
     * the rest with a shutting_down error, stops the workers and closes every connection.
     */
    @Override
    public CompletableFuture<Void> shutdown() {
        return daemon.stop(config.daemon().shutdownGrace(), new Daemon.Role() {
            @Override
            public CompletableFuture<Void> drain() {
                managers.leave(); // so that no manager sends more while the node drains
                return dispatcher.drain();
            }

            @Override
            public void abandon() {
                dispatcher.abandon();
            }
        });
    }

    /** An operator's request (see {@link NodeControls}); a reload is what SIGHUP does. */
    @Override
    public CompletableFuture<RawJson> control(Control request) {
        if (controls == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("the node has not started"));
        }
        return controls.control(request);
    }

    /** Undoes a start that failed half way. */
    private void abort() {
        try {
            daemon.abort().get(ABORT_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("could not undo the failed start cleanly: {}", e.toString());
        }
    }

    private <T> T onLoop(Callable<T> read) {
        try {
            return loop.submit(read).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private static void deleteQuietly(Path socketDir) {
        try {
            Files.deleteIfExists(socketDir.resolve("workers.sock"));
            Files.deleteIfExists(socketDir);
        } catch (IOException e) {
            log.debug("could not remove {}: {}", socketDir, e.toString());
        }
    }

    /** The node could not start; the message says why. */
    public static final class NodeStartException extends Exception {
        NodeStartException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
