package io.argon.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FrameStreamTest {
    private final ByteArrayOutputStream wire = new ByteArrayOutputStream();

    private FrameStream writer(int max) {
        return new FrameStream(new ByteArrayInputStream(new byte[0]), wire, max);
    }

    private FrameStream reader(byte[] bytes, int max) {
        return new FrameStream(new ByteArrayInputStream(bytes), OutputStream.nullOutputStream(), max);
    }

    @Test
    void aFrameIsABigEndianLengthThenThePayload() throws IOException {
        writer(1024).writeFrame("{\"type\":\"ping\",\"id\":\"p\"}");
        byte[] bytes = wire.toByteArray();
        assertThat(ByteBuffer.wrap(bytes).getInt()).isEqualTo(bytes.length - 4).isEqualTo(24);
    }

    @Test
    void messagesRoundTripAndTheEndBetweenFramesReadsAsNull() throws IOException {
        FrameStream out = writer(1024);
        out.write(new Ping("p1"));
        out.write(new Rejected("s1", "queue full"));
        FrameStream in = reader(wire.toByteArray(), 1024);
        assertThat(in.read()).isEqualTo(new Ping("p1"));
        assertThat(in.read()).isEqualTo(new Rejected("s1", "queue full"));
        assertThat(in.read()).isNull();
    }

    @Test
    void theEndInsideAFrameIsAnError() throws IOException {
        writer(1024).write(new Ping("p1"));
        byte[] cut = Arrays.copyOf(wire.toByteArray(), wire.size() - 3);
        assertThatThrownBy(() -> reader(cut, 1024).readFrame()).isInstanceOf(EOFException.class);
    }

    @Test
    void framesAboveTheLimitAreRefusedBothWays() {
        assertThatThrownBy(() -> writer(8).writeFrame("{\"type\":\"ping\",\"id\":\"p\"}"))
                .hasMessageContaining("exceeds the limit of 8");
        byte[] huge = ByteBuffer.allocate(4).putInt(1 << 30).array();
        assertThatThrownBy(() -> reader(huge, 1024).readFrame()).hasMessageContaining("frame of 1073741824 bytes");
        byte[] negative = ByteBuffer.allocate(4).putInt(-1).array();
        assertThatThrownBy(() -> reader(negative, 1024).readFrame()).hasMessageContaining("frame of -1 bytes");
    }
}
