package io.argon.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.core.HostPort;
import io.argon.core.net.ClientChannelInitializer;
import io.argon.core.net.Transport;
import io.argon.core.security.LinkSecurity;
import io.argon.core.security.Secret;
import io.argon.protocol.Message;
import io.argon.protocol.Messages;
import io.argon.protocol.Ping;
import io.argon.protocol.Pong;
import io.argon.protocol.RawJson;
import io.argon.protocol.Register;
import io.argon.protocol.Registered;
import io.argon.protocol.Result;
import io.argon.protocol.Submit;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many nodes that are no more than their connection to a manager: each registers (with one
 * worker, by default), answers every task at once with its {@code num} param (what
 * {@code SampleTask} returns, so that the bench's checks pass), and answers heartbeats. It
 * measures a manager alone, with as many nodes as a test or a benchmark asks for, at the cost
 * of one connection each. All of them share one event loop.
 */
public final class SimulatedNodes implements AutoCloseable {
    private final Transport transport = Transport.best();
    private final EventLoopGroup group = transport.newGroup(1, "argon-simulated-nodes");
    private final List<Channel> channels = new ArrayList<>();
    private final AtomicLong[] tasks;
    private final CountDownLatch registered;

    private SimulatedNodes(int count) {
        this.tasks = new AtomicLong[count];
        for (int i = 0; i < count; i++) {
            tasks[i] = new AtomicLong();
        }
        this.registered = new CountDownLatch(count);
    }

    /**
     * Registers {@code count} nodes of {@code workers} workers each with the manager at
     * {@code manager}, proving {@code secret} if it is not null; returns once every one is
     * registered.
     *
     * @throws TimeoutException when they are not all registered within {@code timeout}
     */
    public static SimulatedNodes register(HostPort manager, int count, int workers, Secret secret, Duration timeout)
            throws InterruptedException, TimeoutException {
        SimulatedNodes nodes = new SimulatedNodes(count);
        try {
            nodes.connect(manager, workers, new LinkSecurity(secret, null));
            if (!nodes.registered.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new TimeoutException((count - nodes.registered.getCount()) + " of " + count
                        + " simulated nodes registered within " + timeout);
            }
            return nodes;
        } catch (InterruptedException | TimeoutException | RuntimeException e) {
            nodes.close();
            throw e;
        }
    }

    private void connect(HostPort manager, int workers, LinkSecurity security) {
        for (int i = 0; i < tasks.length; i++) {
            int index = i;
            Channel channel = new Bootstrap()
                    .group(group)
                    .channel(transport.channel())
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ClientChannelInitializer(Messages.DEFAULT_MAX_FRAME_BYTES, security, manager, null,
                            () -> new Simulated(index, workers)))
                    .connect(manager.host(), manager.port())
                    .syncUninterruptibly()
                    .channel();
            channels.add(channel);
        }
    }

    /** How many nodes there are. */
    public int size() {
        return tasks.length;
    }

    /** How many tasks node {@code index} has answered. */
    public long tasks(int index) {
        return tasks[index].get();
    }

    /** How many of the nodes have answered no task. */
    public int idle() {
        int idle = 0;
        for (AtomicLong answered : tasks) {
            if (answered.get() == 0) {
                idle++;
            }
        }
        return idle;
    }

    /** Closes every node's connection: the manager sees them go. */
    @Override
    public void close() {
        channels.forEach(Channel::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One simulated node's end of its connection. */
    private final class Simulated extends SimpleChannelInboundHandler<Message> {
        private final int index;
        private final int workers;

        Simulated(int index, int workers) {
            this.index = index;
            this.workers = workers;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(new Register("register-" + index, "simulated-" + index + ":1", workers), ctx.voidPromise());
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Message message) {
            if (message instanceof Submit task) {
                tasks[index].incrementAndGet();
                ctx.writeAndFlush(new Result(task.id(), numOf(task)), ctx.voidPromise());
            } else if (message instanceof Ping ping) {
                ctx.writeAndFlush(new Pong(ping.id()), ctx.voidPromise());
            } else if (message instanceof Registered) {
                registered.countDown();
            }
        }

        private RawJson numOf(Submit task) {
            JsonNode num = task.params() == null ? null : task.params().toTree().get("num");
            return num == null ? RawJson.NULL : RawJson.of(num);
        }
    }
}
