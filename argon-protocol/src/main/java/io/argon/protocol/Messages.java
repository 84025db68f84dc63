package io.argon.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Encoding and decoding messages. Kept apart from {@link Json}'s data binding, which a worker
 * does not need before its first task: loading it costs a JVM some 200 ms of start-up.
 */
public final class Messages {
    /** Default limit on a frame's JSON payload, in bytes. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;
    public static final int MAX_ID_LENGTH = 256;

    private Messages() {
    }

    /**
     * Decodes one frame's payload. Params and results are copied out of the bytes as they are,
     * not parsed (see {@link RawJson}).
     *
     * @throws MalformedMessageException when the payload is not a message, saying why
     */
    public static Message decode(byte[] payload) throws MalformedMessageException {
        return MessageReader.read(payload);
    }

    /** Writes a message's JSON to {@code out}. */
    public static void encode(Message message, OutputStream out) throws IOException {
        MessageWriter.write(message, out);
    }

    /** A message's JSON. */
    public static byte[] encode(Message message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try {
            MessageWriter.write(message, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * How long the task a message answers ran in its worker ({@code run_ns} of a {@code result}
     * or an {@code error}), or 0 where the message does not say.
     */
    public static long runNanos(Message message) {
        if (message instanceof Result result) {
            return result.runNanos();
        }
        return message instanceof Failure failure ? failure.runNanos() : 0;
    }

    /** The wire name of a message's kind, e.g. "submit" or "error". */
    public static String typeOf(Message message) {
        if (message instanceof Submit) {
            return "submit";
        } else if (message instanceof Result) {
            return "result";
        } else if (message instanceof Failure) {
            return "error";
        } else if (message instanceof Rejected) {
            return "rejected";
        } else if (message instanceof Ping) {
            return "ping";
        } else if (message instanceof Pong) {
            return "pong";
        } else if (message instanceof Register) {
            return "register";
        } else if (message instanceof Registered) {
            return "registered";
        } else if (message instanceof Hello) {
            return "hello";
        } else if (message instanceof Status) {
            return "status";
        } else if (message instanceof StatusReport) {
            return "status_report";
        } else if (message instanceof Tasks) {
            return "tasks";
        } else if (message instanceof TasksReport) {
            return "tasks_report";
        } else if (message instanceof Cancel) {
            return "cancel";
        } else if (message instanceof Leaving) {
            return "leaving";
        } else if (message instanceof Challenge) {
            return "challenge";
        } else if (message instanceof Auth) {
            return "auth";
        } else if (message instanceof Authenticated) {
            return "authenticated";
        } else if (message instanceof Control) {
            return "control";
        } else if (message instanceof Done) {
            return "done";
        }
        throw new IllegalArgumentException("not a protocol message: " + message.getClass());
    }

    static void requireId(String id) {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("message needs an 'id'");
        }
        if (id.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException("'id' is longer than " + MAX_ID_LENGTH + " characters");
        }
    }
}
