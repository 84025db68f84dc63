package io.argon.node;

import io.argon.core.daemon.ClientRequestHandler;
import io.argon.core.daemon.ControlService;
import io.argon.protocol.Message;
import io.argon.protocol.Registered;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.AttributeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the client protocol on a node: for clients on its port ({@link #forClients}), or for
 * its managers on the links it opened to them ({@link #forManagers}), where a manager's answer
 * to a registration made again (an undrain) is taken in silence. A client that sends tasks
 * straight to a managed node is told in the log, once per connection, that they bypass the
 * manager's routing; one that only asks for the status is not. Holds no state of its own (what
 * it remembers of a connection is on the connection), so one instance serves every connection.
 */
@ChannelHandler.Sharable
final class NodeRequestHandler extends ClientRequestHandler {
    private static final Logger log = LoggerFactory.getLogger(NodeRequestHandler.class);
    private static final AttributeKey<Boolean> TOLD = AttributeKey.valueOf("argon.told-bypass");

    private final boolean warnOnTasks;
    private final boolean fromManagers;

    private NodeRequestHandler(NodeDispatcher dispatcher, ControlService controls, boolean warnOnTasks, boolean fromManagers) {
        super("node", dispatcher, controls);
        this.warnOnTasks = warnOnTasks;
        this.fromManagers = fromManagers;
    }

    /** @param managed whether the node serves a manager: then tasks sent straight to it are logged, once per connection */
    static NodeRequestHandler forClients(NodeDispatcher dispatcher, ControlService controls, boolean managed) {
        return new NodeRequestHandler(dispatcher, controls, managed, false);
    }

    /** For the node's links to its managers. */
    static NodeRequestHandler forManagers(NodeDispatcher dispatcher, ControlService controls) {
        return new NodeRequestHandler(dispatcher, controls, false, true);
    }

    @Override
    protected void taskArrived(ChannelHandlerContext ctx) {
        if (warnOnTasks && ctx.channel().attr(TOLD).setIfAbsent(true) == null) {
            log.warn("client {} sends tasks straight to this managed node; they bypass the manager's routing",
                    ctx.channel().remoteAddress());
        }
    }

    @Override
    protected boolean otherMessage(ChannelHandlerContext ctx, Message message) {
        return fromManagers && message instanceof Registered; // the answer to a registration made again
    }
}
