package io.argon.cluster;

import io.argon.core.TaskQueue;
import io.argon.core.net.MessageCodec;
import io.argon.core.net.Transport;
import io.argon.core.protocol.ErrorKind;
import io.argon.core.protocol.Failure;
import io.argon.core.protocol.Message;
import io.argon.core.protocol.Ping;
import io.argon.core.protocol.Pong;
import io.argon.core.protocol.Register;
import io.argon.core.protocol.Registered;
import io.argon.core.protocol.Rejected;
import io.argon.core.protocol.Result;
import io.argon.core.protocol.Submit;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A manager: lets clients use many nodes as one. Nodes register over a connection they open,
 * and take tasks over that same connection; clients submit exactly as they would to a node.
 *
 * <p>Each task goes to the node with the lowest expected completion time that has room in its
 * window (see {@link NodeTracker}); when every node is full it waits in the manager's bounded
 * queue and goes out as soon as one has room. A node that closes its connection or misses its
 * heartbeats is dropped: its tasks in flight are answered node_lost (their outcome is
 * unknown), or sent elsewhere when the client said they are safe to retry.
 *
 * <p>Like a node, a manager keeps every connection and all of its state on one event-loop
 * thread: no locks, no hand-offs, one flush per loop iteration.
 */
public final class Cluster {
    private static final Logger log = LoggerFactory.getLogger(Cluster.class);
    private static final int FLUSH_BATCH = 256;
    private static final Duration REFUSAL_PAUSE = Duration.ofMillis(20);

    private final ClusterConfig config;
    private final Transport transport = Transport.best();
    private final TaskQueue<ClusterTask> queue;
    /** Registered nodes by the address they listen on, their identity. */
    private final Map<String, NodeTracker> nodes = new LinkedHashMap<>();
    private final Map<Channel, NodeTracker> nodesByChannel = new HashMap<>();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private EventLoopGroup group;
    private EventLoop loop;
    private ChannelGroup connections;
    private Channel listener;
    private long nextId;
    private long pingSequence;
    private long lastHeartbeatNanos;
    private boolean draining;

    public Cluster(ClusterConfig config) {
        this.config = config;
        this.queue = new TaskQueue<>(config.queueLimit());
    }

    /** Starts listening; returns the bound address. */
    public InetSocketAddress start() throws InterruptedException {
        group = transport.newGroup(1, "argon-cluster");
        loop = group.next();
        connections = new DefaultChannelGroup(loop);
        ClusterConnectionHandler handler = new ClusterConnectionHandler(this);
        listener = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        connections.add(channel);
                        MessageCodec.install(channel.pipeline(), config.maxFrameBytes());
                        channel.pipeline().addLast(new FlushConsolidationHandler(FLUSH_BATCH, true));
                        channel.pipeline().addLast(handler);
                    }
                })
                .bind(config.host(), config.port()).sync().channel();
        long interval = config.heartbeatInterval().toNanos();
        loop.scheduleAtFixedRate(this::heartbeat, interval, interval, TimeUnit.NANOSECONDS);
        InetSocketAddress address = (InetSocketAddress) listener.localAddress();
        log.info("manager listening on {}:{} (queue limit {}, heartbeat every {} ms, lost after {} misses) on {}",
                config.host(), address.getPort(), config.queueLimit(), config.heartbeatInterval().toMillis(),
                config.heartbeatMisses(), transport);
        return address;
    }

    /**
     * Stops taking tasks, gives queued and running ones the grace period to finish, answers the
     * rest with shutting_down, and closes every connection.
     */
    public CompletableFuture<Void> shutdown() {
        loop.execute(() -> {
            if (draining) {
                return;
            }
            draining = true;
            log.info("shutting down: {} tasks on nodes, {} queued; waiting up to {} s for them",
                    inFlightCount(), queue.size(), config.shutdownGrace().toSeconds());
            listener.close();
            checkDrained();
            loop.schedule(() -> drained.complete(null), config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
        });
        return drained.thenRunAsync(() -> {
            queue.drainTo(task -> task.answer(Failure.of(task.request.id(), ErrorKind.SHUTTING_DOWN,
                    "the manager shut down before the task was sent to a node")));
            for (NodeTracker node : nodes.values()) {
                // The outcome is unknown, as when a node is lost; shutting_down would say it never ran.
                node.inFlight.values().forEach(task -> task.answer(Failure.of(task.request.id(), ErrorKind.NODE_LOST,
                        "the manager shut down before the node answered; the task may or may not have run")));
                node.inFlight.clear();
            }
            connections.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }, loop);
    }

    // ---- requests from clients (on the event loop) ----

    void submit(Submit request, Channel client) {
        if (draining) {
            client.writeAndFlush(Failure.of(request.id(), ErrorKind.SHUTTING_DOWN, "the manager is shutting down"));
            return;
        }
        if (nodes.isEmpty()) {
            client.writeAndFlush(Failure.of(request.id(), ErrorKind.NO_NODES, "no worker nodes are registered with this manager"));
            return;
        }
        ClusterTask task = new ClusterTask(request, client, Long.toString(++nextId));
        NodeTracker node = queue.isEmpty() ? Router.choose(nodes.values()) : null;
        if (node != null) {
            dispatch(task, node);
        } else if (!queue.offer(task, request.priority())) {
            client.writeAndFlush(new Rejected(request.id(), "queue full (" + queue.capacity() + " tasks waiting for a node)"));
        }
    }

    // ---- messages from nodes (on the event loop) ----

    void register(Register registration, Channel channel) {
        NodeTracker known = nodesByChannel.get(channel);
        if (known != null && known.address.equals(registration.address()) && known.workers == registration.workers()) {
            channel.writeAndFlush(new Registered(registration.id()));
            return;
        }
        if (known != null) {
            forget(known, "it registered again as " + registration.address());
        }
        NodeTracker previous = nodes.get(registration.address());
        if (previous != null) {
            forget(previous, "a new registration replaced it");
            previous.channel.close();
        }
        NodeTracker node = new NodeTracker(registration.address(), registration.workers(), channel);
        nodes.put(node.address, node);
        nodesByChannel.put(channel, node);
        channel.writeAndFlush(new Registered(registration.id()));
        log.info("{} registered with {} workers ({} nodes, {} workers in all)", node, node.workers, nodes.size(),
                nodes.values().stream().mapToInt(n -> n.workers).sum());
        dispatchQueued();
    }

    /** A reply that arrived on a connection; true if it came from a registered node. */
    boolean nodeReplied(Message reply, Channel channel) {
        NodeTracker node = nodesByChannel.get(channel);
        if (node == null) {
            return false;
        }
        node.lastHeardNanos = System.nanoTime();
        if (reply instanceof Pong pong) {
            recordPong(node, pong);
            return true;
        }
        ClusterTask task = node.inFlight.remove(reply.id());
        if (task == null) {
            log.debug("{} answered unknown task {}", node, reply.id());
            return true;
        }
        if (reply instanceof Rejected) {
            // The node's own queue is full (clients are talking to it directly): give it a
            // moment and send the task elsewhere, ahead of newer work.
            queue.requeueFirst(task, task.request.priority());
            node.refuseUntil(System.nanoTime() + REFUSAL_PAUSE.toNanos());
            loop.schedule(this::dispatchQueued, REFUSAL_PAUSE.toNanos(), TimeUnit.NANOSECONDS);
        } else if (reply instanceof Failure failure && failure.kind() == ErrorKind.SHUTTING_DOWN) {
            // The node is draining and did not start the task: it is safe to run elsewhere.
            node.leaving = true;
            queue.requeueFirst(task, task.request.priority());
        } else {
            node.recordTask(System.nanoTime() - task.dispatchedNanos);
            task.answer(reply instanceof Result result ? result.withId(task.request.id())
                    : ((Failure) reply).withId(task.request.id()));
        }
        dispatchQueued();
        checkDrained();
        return true;
    }

    void connectionClosed(Channel channel) {
        NodeTracker node = nodesByChannel.get(channel);
        if (node != null) {
            forget(node, "its connection closed");
        }
    }

    // ---- routing ----

    private void dispatch(ClusterTask task, NodeTracker node) {
        task.dispatchedNanos = System.nanoTime();
        node.inFlight.put(task.routedId, task);
        node.channel.writeAndFlush(task.routed(), node.channel.voidPromise());
    }

    private void dispatchQueued() {
        while (!queue.isEmpty()) {
            NodeTracker node = Router.choose(nodes.values());
            if (node == null) {
                return;
            }
            dispatch(queue.poll(), node);
        }
    }

    /** Drops a node: its tasks are answered node_lost, or re-queued if they are safe to retry. */
    private void forget(NodeTracker node, String why) {
        nodesByChannel.remove(node.channel);
        if (nodes.get(node.address) == node) {
            nodes.remove(node.address);
        }
        List<ClusterTask> orphans = new ArrayList<>(node.inFlight.values());
        node.inFlight.clear();
        int retried = 0;
        for (ClusterTask task : orphans) {
            if (task.request.idempotent() && !draining) {
                queue.requeueFirst(task, task.request.priority());
                retried++;
            } else {
                task.answer(Failure.of(task.request.id(), ErrorKind.NODE_LOST, "lost " + node + " while it ran the task ("
                        + why + "); the task may or may not have run: verify its effects and retry if needed"));
            }
        }
        log.warn("{} lost: {}; {} tasks in flight: {} answered node_lost, {} sent elsewhere ({} nodes left)",
                node, why, orphans.size(), orphans.size() - retried, retried, nodes.size());
        if (nodes.isEmpty()) {
            queue.drainTo(task -> task.answer(Failure.of(task.request.id(), ErrorKind.NO_NODES,
                    "every worker node left the manager before the task could run")));
        } else {
            dispatchQueued();
        }
        checkDrained();
    }

    // ---- heartbeats ----

    private void heartbeat() {
        long now = System.nanoTime();
        long interval = config.heartbeatInterval().toNanos();
        // If this check itself runs late, the manager was stalled (GC, an overloaded
        // machine): its nodes' silence is not theirs, so nobody is dropped this round.
        boolean stalled = lastHeartbeatNanos != 0 && now - lastHeartbeatNanos > 2 * interval;
        lastHeartbeatNanos = now;
        long deadline = interval * config.heartbeatMisses();
        for (NodeTracker node : new ArrayList<>(nodes.values())) {
            if (stalled) {
                node.lastHeardNanos = Math.max(node.lastHeardNanos, now - interval);
            }
            if (now - node.lastHeardNanos > deadline) {
                forget(node, "no answer to " + config.heartbeatMisses() + " heartbeats");
                node.channel.close();
            } else {
                node.channel.writeAndFlush(new Ping("hb-" + (++pingSequence) + "-" + now), node.channel.voidPromise());
            }
        }
    }

    private static void recordPong(NodeTracker node, Pong pong) {
        String id = pong.id();
        int dash = id.lastIndexOf('-');
        if (id.startsWith("hb-") && dash > 3) {
            try {
                node.recordRoundTrip(System.nanoTime() - Long.parseLong(id.substring(dash + 1)));
            } catch (NumberFormatException ignored) {
                // not one of our pings
            }
        }
    }

    private int inFlightCount() {
        return nodes.values().stream().mapToInt(n -> n.inFlight.size()).sum();
    }

    private void checkDrained() {
        if (draining && queue.isEmpty() && inFlightCount() == 0) {
            drained.complete(null);
        }
    }
}
