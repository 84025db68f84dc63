package io.argon.node;

import io.argon.core.TaskQueue;
import io.argon.core.net.MessageCodec;
import io.argon.core.net.Transport;
import io.argon.core.protocol.ErrorKind;
import io.argon.core.protocol.Failure;
import io.argon.core.protocol.Rejected;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node: takes tasks from its connections, runs them on its pool of worker JVMs, and queues
 * (up to a bound) those that find every worker busy.
 *
 * <p>All of a node's connections, to clients and to workers alike, live on one event-loop
 * thread, and so do its queue and pool: the state needs no locks, and a result crosses from
 * a worker's link to the client's without a thread hand-off. Writes are flushed once per
 * loop iteration, not once per message.
 */
public final class Node implements WorkerPool.WorkSource {
    private static final Logger log = LoggerFactory.getLogger(Node.class);
    /** Flushes are batched per event-loop iteration, or after this many writes. */
    private static final int FLUSH_BATCH = 256;

    private final NodeConfig config;
    private final Transport transport = Transport.best();
    private final TaskQueue<PendingTask> queue;
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private EventLoopGroup group;
    private EventLoop loop;
    private ChannelGroup connections;
    private Path socketDir;
    private WorkerPool pool;
    private Channel workerListener;
    private Channel listener;
    private ManagerLink managerLink;
    private boolean draining;

    public Node(NodeConfig config) {
        this.config = config;
        this.queue = new TaskQueue<>(config.queueLimit());
    }

    /**
     * Forks the workers, waits until every one is ready, then starts listening.
     *
     * @return the address the node listens on (its port is the real one when 0 was asked for)
     * @throws NodeStartException when a worker cannot start or the port cannot be bound
     */
    public InetSocketAddress start() throws NodeStartException {
        long begin = System.nanoTime();
        group = transport.newGroup(1, "argon-node");
        loop = group.next();
        connections = new DefaultChannelGroup(loop);
        try {
            socketDir = Files.createTempDirectory("argon-node-");
            Path socket = socketDir.resolve("workers.sock");
            pool = new WorkerPool(config, loop, socket, this);
            workerListener = new ServerBootstrap()
                    .group(group)
                    .channel(transport.domainServerChannel())
                    .childHandler(pipeline(() -> new WorkerLinkHandler(pool)))
                    .bind(transport.domainAddress(socket)).sync().channel();
            pool.start().get();

            ClientHandler clients = new ClientHandler(this);
            listener = new ServerBootstrap()
                    .group(group)
                    .channel(transport.serverChannel())
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(pipeline(() -> clients))
                    .bind(config.host(), config.port()).sync().channel();
            if (config.manager() != null) {
                int port = ((InetSocketAddress) listener.localAddress()).getPort();
                managerLink = new ManagerLink(config, loop, transport, port, clients);
                managerLink.start();
            }
        } catch (ExecutionException e) {
            abort();
            throw new NodeStartException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort();
            throw new NodeStartException("interrupted while starting", e);
        } catch (Exception e) {
            abort();
            throw new NodeStartException("cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        InetSocketAddress address = (InetSocketAddress) listener.localAddress();
        log.info("node listening on {}:{} with {} workers (pids {}) on {}, ready in {} ms",
                config.host(), address.getPort(), config.workers(), pool.pids(), transport,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
        return address;
    }

    /**
     * Stops taking tasks, lets queued and running ones finish within the grace period, answers
     * the rest with a shutting_down error, stops the workers and closes every connection.
     */
    public CompletableFuture<Void> shutdown() {
        loop.execute(() -> {
            if (draining) {
                return;
            }
            draining = true;
            log.info("shutting down: {} tasks running, {} queued; waiting up to {} s for them",
                    pool.busyCount(), queue.size(), config.shutdownGrace().toSeconds());
            listener.close();
            settled();
            loop.schedule(() -> drained.complete(null), config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
        });
        return drained
                .thenComposeAsync(ignored -> {
                    queue.drainTo(task -> task.answer(Failure.of(task.request().id(), ErrorKind.SHUTTING_DOWN,
                            "the node shut down before the task started")));
                    if (managerLink != null) {
                        managerLink.stop();
                    }
                    return pool.stop("the node shut down and stopped the task's worker before the task finished");
                }, loop)
                .thenRunAsync(this::release, loop);
    }

    /** Runs the task now, queues it, or rejects it when the queue is full. On the event loop. */
    void submit(PendingTask task) {
        if (draining) {
            task.answer(Failure.of(task.request().id(), ErrorKind.SHUTTING_DOWN, "the node is shutting down"));
        } else if (!pool.tryRun(task) && !queue.offer(task, task.request().priority())) {
            task.answer(new Rejected(task.request().id(), "queue full (" + queue.capacity() + " tasks waiting)"));
        }
    }

    /** Whether a connection is a direct client of a node that also serves a manager. */
    boolean bypassesManager(Channel channel) {
        return managerLink != null && !managerLink.isManagerChannel(channel);
    }

    @Override
    public PendingTask next() {
        return queue.poll();
    }

    @Override
    public void settled() {
        if (draining && queue.isEmpty() && pool.busyCount() == 0) {
            drained.complete(null);
        }
    }

    private ChannelInitializer<Channel> pipeline(Supplier<ChannelHandler> handler) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
                connections.add(channel);
                MessageCodec.install(channel.pipeline(), config.maxFrameBytes());
                channel.pipeline().addLast(new FlushConsolidationHandler(FLUSH_BATCH, true));
                channel.pipeline().addLast(handler.get());
            }
        };
    }

    /** Undoes a start that failed half way. */
    private void abort() {
        if (pool != null) {
            pool.stop("the node failed to start").completeOnTimeout(null, 10, TimeUnit.SECONDS).join();
        }
        release();
    }

    private void release() {
        if (connections != null) {
            connections.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        if (socketDir != null) {
            try {
                Files.deleteIfExists(socketDir.resolve("workers.sock"));
                Files.deleteIfExists(socketDir);
            } catch (IOException e) {
                log.debug("could not remove {}: {}", socketDir, e.toString());
            }
        }
    }

    /** The node could not start; the message says why. */
    public static final class NodeStartException extends Exception {
        NodeStartException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
