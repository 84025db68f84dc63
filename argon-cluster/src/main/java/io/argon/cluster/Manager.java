package io.argon.cluster;

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
 * This class puts the pieces together: the {@link Daemon} skeleton listens and stops, the
 * {@link NodeRegistry} knows the nodes (a timer on the loop sends the heartbeats), the
 * {@link ManagerDispatcher} decides where each task goes, and {@link ManagerControls} carry out
 * an operator's requests.
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
    private final NodeRegistry registry;
    private final ManagerDispatcher dispatcher;
    private final ControlRelay relay;
    private final RollingReload reloads;
    private final ManagerControls controls;

    /**
     * @param loop      the event loop every connection and all state live on; the caller owns
     *                  it and shuts it down after {@link #shutdown()}
     * @param transport the transport {@code loop} was made for
     */
    public Manager(ManagerConfig config, EventLoop loop, Transport transport) {
        this.config = config;
        this.loop = loop;
        this.transport = transport;
        this.daemon = new Daemon("argon-manager", loop, transport, config.daemon().maxFrameBytes(), config.daemon().maxConnections());
        this.registry = new NodeRegistry(config, loop);
        this.dispatcher = new ManagerDispatcher(config, loop, registry);
        this.relay = new ControlRelay(registry);
        this.reloads = new RollingReload(registry, relay);
        this.controls = new ManagerControls(loop, registry, relay, reloads);
    }

    /** Starts listening; returns the bound address. A start that fails leaves nothing behind. */
    @Override
    public InetSocketAddress start() throws Exception {
        DaemonConfig shared = config.daemon();
        InetSocketAddress address;
        try {
            LinkSecurity security = new LinkSecurity(shared.secret(), shared.tls().serverContext());
            ControlService operator = TaskHistories.withHistory(controls, TaskHistories.open(daemon, shared, dispatcher::recordTo));
            ManagerRequestHandler requests = new ManagerRequestHandler(dispatcher, operator,
                    () -> new NodeLinkHandler(registry, dispatcher, relay), daemon::exemptFromConnectionLimit);
            address = daemon.listen(shared.host(), shared.port(), security, () -> requests);
            if (shared.http().serves()) {
                MetricsEndpoint metrics = MetricsEndpoint.forDaemon(daemon, dispatcher.stats(),
                        endpoint -> ManagerMeters.bind(endpoint, dispatcher, registry));
                WebEndpoint.serve(daemon, shared, new DaemonView("manager", dispatcher::status, operator, dispatcher::cancelAnywhere), metrics);
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
            throw new Exception("cannot listen on " + shared.host() + ":" + shared.port() + ": " + e.getMessage(), e);
        }
        long interval = config.heartbeatInterval().toNanos();
        ScheduledFuture<?> heartbeats = loop.scheduleAtFixedRate(registry::heartbeat, interval, interval, TimeUnit.NANOSECONDS);
        daemon.onStop(() -> heartbeats.cancel(false));
        log.info("manager listening on {}:{} (queue limit {}, heartbeat every {} ms, lost after {} misses) on {}",
                shared.host(), address.getPort(), shared.queueLimit(), config.heartbeatInterval().toMillis(),
                config.heartbeatMisses(), transport);
        return address;
    }

    /** An operator's request (see {@link ManagerControls}); a reload is what SIGHUP does. */
    @Override
    public CompletableFuture<RawJson> control(Control request) {
        return controls.control(request);
    }

    /**
     * Stops taking tasks, gives queued and running ones the grace period to finish, answers the
     * rest, and closes every connection.
     */
    @Override
    public CompletableFuture<Void> shutdown() {
        return daemon.stop(config.daemon().shutdownGrace(), dispatcher);
    }
}
