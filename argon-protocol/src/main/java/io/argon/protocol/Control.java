package io.argon.protocol;

import java.util.Locale;

/**
 * An operator's request to a daemon (see docs/PROTOCOL.md, "Operating a daemon"), answered with
 * {@link Done} once carried out, or with an error saying why it could not be.
 *
 * @param node for a manager: the address of the one registered node to act on, or null for the
 *             manager's own way (a reload rolls every node); a node refuses it
 */
public record Control(String id, Action action, String node) implements Message {
    /** What is asked. */
    public enum Action {
        /** Replace every worker, one at a time, so that tasks run the task code as it is on disk now; a manager rolls its nodes. */
        RELOAD,
        /** Take no new tasks (a node's managers stop sending them), finish what is held, and stay up. */
        DRAIN,
        /** Take tasks again after a drain. */
        UNDRAIN;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws IllegalArgumentException naming the actions there are */
        public static Action fromWire(String name) {
            for (Action action : values()) {
                if (action.wireName().equals(name)) {
                    return action;
                }
            }
            throw new IllegalArgumentException("unknown action '" + name + "' (expected reload, drain or undrain)");
        }
    }

    public Control {
        Messages.requireId(id);
        if (action == null) {
            throw new IllegalArgumentException("control needs an 'action'");
        }
        if (node != null && node.isBlank()) {
            throw new IllegalArgumentException("'node' must name a node's address, got an empty one");
        }
    }

    /** A request for the daemon itself (a manager: all its nodes, for a reload). */
    public Control(String id, Action action) {
        this(id, action, null);
    }
}
