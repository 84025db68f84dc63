package io.argon.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.argon.core.net.TestLoop;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A peer that stops in the middle of a frame is disconnected; one that keeps sending is not. */
class FrameDecoderTest {
    private final TestLoop test = new TestLoop();

    @AfterEach
    void close() {
        test.close();
    }

    @Test
    void aHalfSentFrameClosesTheConnectionAfterTheStallTimeout() {
        EmbeddedChannel channel = test.channel(new FrameDecoder(1024, null));
        channel.writeInbound(Unpooled.buffer().writeInt(100).writeBytes(new byte[10]));
        test.advance(FrameDecoder.STALL.minusMillis(1));
        assertThat(channel.isOpen()).isTrue();
        test.advanceMillis(1);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void eachNewByteGivesTheFrameAnotherStallTimeoutAndAWholeFrameNone() {
        EmbeddedChannel channel = test.channel(new FrameDecoder(1024, null));
        channel.writeInbound(Unpooled.buffer().writeInt(20).writeBytes(new byte[10]));
        test.advance(FrameDecoder.STALL.minusMillis(1));
        channel.writeInbound(Unpooled.buffer().writeBytes(new byte[5]));
        test.advance(FrameDecoder.STALL.minusMillis(1));
        assertThat(channel.isOpen()).isTrue();
        channel.writeInbound(Unpooled.buffer().writeBytes(new byte[5]));
        assertThat(channel.inboundMessages()).hasSize(1);
        test.advance(FrameDecoder.STALL.multipliedBy(2));
        assertThat(channel.isOpen()).as("an idle connection between frames is fine").isTrue();
        channel.finishAndReleaseAll();
    }

    @Test
    void unfinishedFramesAcrossConnectionsAreCappedAndOnlyTheOneThatGoesPastIsClosed() throws Exception {
        FrameBudget budget = new FrameBudget(64 * 1024);
        EmbeddedChannel first = test.channel(new FrameDecoder(1 << 20, budget));
        first.writeInbound(Unpooled.buffer().writeInt(1 << 20).writeBytes(new byte[40 * 1024]));
        assertThat(first.isOpen()).isTrue();
        assertThat(budget.held()).isPositive();

        EmbeddedChannel second = test.channel(new FrameDecoder(1 << 20, budget));
        second.writeInbound(Unpooled.buffer().writeInt(1 << 20).writeBytes(new byte[40 * 1024]));
        assertThat(second.isOpen()).as("past the cap").isFalse();
        io.netty.buffer.ByteBuf refused = second.readOutbound();
        refused.skipBytes(4);
        assertThat(refused.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("frame_too_large").contains("unfinished");
        refused.release();
        assertThat(first.isOpen()).as("the one within the cap goes on").isTrue();

        EmbeddedChannel small = test.channel(new FrameDecoder(1 << 20, budget));
        small.writeInbound(Unpooled.buffer().writeInt(3).writeBytes("{}x".getBytes()));
        assertThat(small.inboundMessages()).as("whole frames need no budget").hasSize(1);

        first.close();
        assertThat(budget.held()).as("a closed connection gives its share back").isZero();
        small.finishAndReleaseAll();
    }
}
