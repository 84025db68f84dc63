package io.argon.node;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argon.core.HostPort;
import io.argon.core.daemon.Daemon;
import io.argon.core.security.LinkSecurity;
import io.netty.channel.ChannelHandler;
import java.util.ArrayList;
import java.util.List;

/**
 * A managed node's links to its managers, one {@link ManagerLink} each: registered together,
 * told together that the node leaves, is drained or undrained, shown together in the node's status.
 */
final class ManagerLinks {
    private final List<ManagerLink> links = new ArrayList<>();

    /**
     * Registers with every manager in {@code config}; each link is closed when the daemon stops
     * (once its manager has let the node go).
     *
     * @param port     the port the node listens on, which it registers
     * @param requests the handler that serves a manager's requests once the node is registered
     */
    void start(NodeConfig config, Daemon daemon, LinkSecurity security, int port, ChannelHandler requests) {
        for (HostPort manager : config.managers()) {
            ManagerLink link = new ManagerLink(manager, config, daemon, security, port, requests);
            links.add(link);
            daemon.onStop(link::stop); // waits for the manager to let the node go
            link.start();
        }
    }

    /** Tells every manager the node is leaving (it shuts down), so that none sends it more. */
    void leave() {
        links.forEach(ManagerLink::leave);
    }

    /** Tells every manager the node is drained: none sends it more, and each still shows it. */
    void drain() {
        links.forEach(ManagerLink::drain);
    }

    /** Tells every manager the node takes tasks again. */
    void undrain() {
        links.forEach(ManagerLink::undrain);
    }

    /** A managed node's status says which managers, and whether each accepted the registration. On the loop. */
    void describe(ObjectNode report) {
        if (links.isEmpty()) {
            return;
        }
        ArrayNode managers = report.putArray("managers");
        for (ManagerLink link : links) {
            managers.addObject()
                    .put("address", link.manager().toString())
                    .put("registered", link.state() == ManagerLink.State.REGISTERED)
                    .put("drained", link.isDrained());
        }
    }
}
