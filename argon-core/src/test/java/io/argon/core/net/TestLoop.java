package io.argon.core.net;

import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An event loop for unit tests of code that runs on one: it runs nothing by itself. Work handed
 * to it ({@code execute}) runs when the test calls {@link #runPending()}, and scheduled work
 * when the test moves the clock past its time with {@link #advance}. Its clock is a mock
 * ticker that starts at 0 and moves only then. Connections made with {@link #channel} share
 * the clock; everything runs on the test's thread, so {@code loop.inEventLoop()} holds.
 */
public final class TestLoop implements AutoCloseable {
    private final MockTicker ticker = Ticker.newMockTicker();
    private final EmbeddedChannel clock = EmbeddedChannel.builder().ticker(ticker).build();
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    public EventLoop loop() {
        return clock.eventLoop();
    }

    public long nanoTime() {
        return ticker.nanoTime();
    }

    /** Runs the work handed to the loop and the scheduled work that is due, until none is left. */
    public void runPending() {
        for (int round = 0; round < 1000; round++) {
            clock.runPendingTasks();
            for (EmbeddedChannel channel : channels) {
                channel.runPendingTasks();
            }
            if (!clock.hasPendingTasks()) {
                return;
            }
        }
        throw new AssertionError("the loop still has work after 1000 rounds: work that keeps making work");
    }

    /** Moves the clock on, then runs what is due. */
    public void advance(Duration by) {
        ticker.advance(by.toNanos(), TimeUnit.NANOSECONDS);
        runPending();
    }

    public void advanceMillis(long millis) {
        advance(Duration.ofMillis(millis));
    }

    /** A connection whose pipeline is {@code handlers}; what is written to it lands in its outbound queue. */
    public EmbeddedChannel channel(ChannelHandler... handlers) {
        EmbeddedChannel channel = EmbeddedChannel.builder().ticker(ticker).handlers(handlers).build();
        channels.add(channel);
        return channel;
    }

    @Override
    public void close() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
        clock.finishAndReleaseAll();
    }
}
