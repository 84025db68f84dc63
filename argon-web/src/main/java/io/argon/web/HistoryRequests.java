package io.argon.web;

import io.argon.core.Futures;
import io.argon.core.daemon.ControlService;
import io.argon.core.daemon.ControlService.ControlRefusedException;
import io.argon.protocol.Tasks;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET /api/tasks} (a search of the task history) and {@code GET /api/tasks/SEQ} (one task,
 * with its stack trace): the same {@link Tasks} query {@code argon tasks} sends, answered by the
 * daemon's {@link ControlService}. The history answers on its own thread; the response goes out
 * on the connection's.
 */
final class HistoryRequests {
    static final String PATH = "/api/tasks";

    private final ControlService controls;
    private final AtomicLong ids = new AtomicLong();

    HistoryRequests(ControlService controls) {
        this.controls = controls;
    }

    /** Answers a request for {@code uri}, a search or one task, once the history has found it. */
    void answer(ChannelHandlerContext ctx, boolean keepAlive, String uri) {
        QueryStringDecoder query = new QueryStringDecoder(uri);
        Tasks tasks;
        try {
            tasks = query(query);
        } catch (NumberFormatException e) {
            HttpReplies.send(ctx, keepAlive, HttpReplies.error(HttpResponseStatus.BAD_REQUEST, "bad_request",
                    "limit must be a whole number, and a task in the history is /api/tasks/SEQ, SEQ the number a search gives it"));
            return;
        }
        controls.tasks(tasks).whenComplete((found, error) -> ctx.executor().execute(() -> {
            Throwable cause = error == null ? null : Futures.unwrap(error);
            FullHttpResponse response = cause == null ? HttpReplies.bytes(HttpResponseStatus.OK, HttpReplies.JSON, found.utf8())
                    : cause instanceof ControlRefusedException ? HttpReplies.error(HttpResponseStatus.NOT_FOUND, "not_found", cause.getMessage())
                    : HttpReplies.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", Futures.reason(cause));
            HttpReplies.send(ctx, keepAlive, response);
        }));
    }

    private Tasks query(QueryStringDecoder query) {
        String id = "web-" + ids.incrementAndGet();
        if (!query.path().equals(PATH)) {
            long seq = Long.parseLong(query.path().substring(PATH.length() + 1));
            if (seq < 1) {
                throw new NumberFormatException("seq " + seq);
            }
            return new Tasks(id, null, null, null, 0, seq);
        }
        Map<String, List<String>> params = query.parameters();
        String limit = param(params, "limit");
        int max = limit == null ? 0 : Integer.parseInt(limit);
        if (max < 0) {
            throw new NumberFormatException("limit " + max);
        }
        return new Tasks(id, param(params, "id"), param(params, "class"), param(params, "outcome"), max, 0);
    }

    /** The parameter's value; null when missing or blank. */
    private static String param(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() || values.get(0).isBlank() ? null : values.get(0).trim();
    }
}
