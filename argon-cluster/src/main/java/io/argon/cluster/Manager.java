package io.argon.cluster;

import io.argon.core.daemon.Daemon;
import io.argon.core.daemon.Server;
import io.argon.core.net.Transport;
import io.argon.core.security.LinkSecurity;
import io.argon.metrics.MetricsEndpoint;
import io.argon.protocol.RawJson;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A manager: lets clients use many nodes as one. Nodes register over a connection they open,
 * and take tasks over that same connection; clients submit exactly as they would to a node.
 * This class only puts the pieces together: the {@link Daemon} skeleton listens and stops,
 * the {@link ManagerDispatcher} decides where each task goes, and a timer on the loop sends
 * the heartbeats.
 *
 * <p>Like a node, a manager keeps every connection and all of its state on the one event loop
 * passed in: no locks, no hand-offs, one flush per loop iteration.
 */
public final class Manager implements Server {
    private static final Logger log = LoggerFactory.getLogger(Manager.class);

    private final ManagerConfig config;
    private final EventLoop loop;
    private final Transport transport;
    private final Daemon daemon;
    private final ManagerDispatcher dispatcher;

    /**
     * @param loop      the event loop every connection and all state live on; the caller owns
     *                  it and shuts it down after {@link #shutdown()}
     * @param transport the transport {@code loop} was made for
     */
    public Manager(ManagerConfig config, EventLoop loop, Transport transport) {
        this.config = config;
        this.loop = loop;
        this.transport = transport;
        this.daemon = new Daemon("argon-manager", loop, transport, config.maxFrameBytes(), config.maxConnections());
        this.dispatcher = new ManagerDispatcher(config, loop);
    }

    /** Starts listening; returns the bound address. A start that fails leaves nothing behind. */
    @Override
    public InetSocketAddress start() throws Exception {
        InetSocketAddress address;
        try {
            LinkSecurity security = new LinkSecurity(config.secret(), config.tls().serverContext());
            ClientHandler clients = new ClientHandler(dispatcher);
            address = daemon.listen(config.host(), config.port(), security, () -> clients);
            if (config.metricsPort() != ManagerConfig.NO_METRICS) {
                MetricsEndpoint.serve(daemon, config.host(), config.metricsPort(), dispatcher.stats(),
                        endpoint -> ManagerMeters.bind(endpoint, dispatcher));
            }
            daemon.accept();
        } catch (Daemon.ListenException e) {
            daemon.abort().get(10, TimeUnit.SECONDS);
            throw e;
        } catch (SSLException e) {
            daemon.abort().get(10, TimeUnit.SECONDS);
            throw new Exception("cannot set up TLS: " + e.getMessage(), e);
        } catch (Exception e) {
            daemon.abort().get(10, TimeUnit.SECONDS);
            throw new Exception("cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        long interval = config.heartbeatInterval().toNanos();
        ScheduledFuture<?> heartbeats = loop.scheduleAtFixedRate(dispatcher::heartbeat, interval, interval, TimeUnit.NANOSECONDS);
        daemon.onStop(() -> heartbeats.cancel(false));
        log.info("manager listening on {}:{} (queue limit {}, heartbeat every {} ms, lost after {} misses) on {}",
                config.host(), address.getPort(), config.queueLimit(), config.heartbeatInterval().toMillis(),
                config.heartbeatMisses(), transport);
        return address;
    }

    /**
     * Stops taking tasks, gives queued and running ones the grace period to finish, answers the
     * rest, and closes every connection.
     */
    /** Rolls a reload over every node (what SIGHUP does); see {@link RollingReload}. */
    @Override
    public CompletableFuture<RawJson> reload() {
        CompletableFuture<RawJson> done = new CompletableFuture<>();
        loop.execute(() -> dispatcher.reloadNodes().whenComplete((report, error) -> {
            if (error != null) {
                done.completeExceptionally(error);
            } else {
                done.complete(report);
            }
        }));
        return done;
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        return daemon.stop(config.shutdownGrace(), dispatcher);
    }
}
