package io.argon.core.net;

import static org.assertj.core.api.Assertions.assertThat;

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
        EmbeddedChannel channel = test.channel(new FrameDecoder(1024));
        channel.writeInbound(Unpooled.buffer().writeInt(100).writeBytes(new byte[10]));
        test.advance(FrameDecoder.STALL.minusMillis(1));
        assertThat(channel.isOpen()).isTrue();
        test.advanceMillis(1);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void eachNewByteGivesTheFrameAnotherStallTimeoutAndAWholeFrameNone() {
        EmbeddedChannel channel = test.channel(new FrameDecoder(1024));
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
}
