package io.argon.protocol;

/**
 * A manager accepted a node's {@link Register}.
 *
 * @param maxFrameBytes the largest frame the manager accepts; the node sends it nothing larger
 *                      (a result that would not fit is answered bad_result instead). 0 when not
 *                      said.
 */
public record Registered(String id, int maxFrameBytes) implements Message {
    public Registered {
        Messages.requireId(id);
        if (maxFrameBytes < 0) {
            throw new IllegalArgumentException("'max_frame_bytes' must be positive, got " + maxFrameBytes);
        }
    }
}
