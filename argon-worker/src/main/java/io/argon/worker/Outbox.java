package io.argon.worker;

import io.argon.protocol.ErrorKind;
import io.argon.protocol.Failure;
import io.argon.protocol.FrameStream;
import io.argon.protocol.Message;
import io.argon.protocol.Messages;
import java.io.IOException;

/**
 * What a worker sends its node, from two threads: the task thread's answers, and the reader
 * thread's word that a task was taken back before it started. Answers wait in the link's
 * buffer until the task thread has nothing left to run ({@link #flush()}), so a run of short
 * tasks costs one write, not one per task.
 */
final class Outbox {
    private final FrameStream frames;
    /** Answers buffered and not sent yet. Under this object's lock. */
    private int buffered;

    Outbox(FrameStream frames) {
        this.frames = frames;
    }

    /** Buffers an answer; one too large for a frame becomes an error that says so. */
    void buffer(Message answer) throws IOException {
        byte[] json = Messages.encode(answer);
        if (json.length > frames.maxFrameBytes()) {
            json = Messages.encode(Failure.of(answer.id(), ErrorKind.BAD_RESULT, "the task's result is " + json.length
                    + " bytes of JSON, above the frame limit of " + frames.maxFrameBytes()));
        }
        synchronized (this) {
            frames.bufferFrame(json);
            buffered++;
        }
    }

    /** Whether answers wait in the buffer. */
    synchronized boolean hasBuffered() {
        return buffered > 0;
    }

    /** Sends what is buffered. */
    synchronized void flush() throws IOException {
        frames.flush();
        buffered = 0;
    }

    /** Sends a message now, with anything buffered before it. */
    void send(Message message) throws IOException {
        buffer(message);
        flush();
    }
}
