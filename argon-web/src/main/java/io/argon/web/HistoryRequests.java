package io.argon.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argon.history.TaskHistory;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /api/tasks} (a search of the task history) and {@code GET /api/tasks/SEQ} (one task,
 * with its stack trace). The history answers on its own thread; the response goes out on the
 * connection's.
 */
final class HistoryRequests {
    static final String PATH = "/api/tasks";
    static final int DEFAULT_LIMIT = 100;

    private final TaskHistory history;

    HistoryRequests(TaskHistory history) {
        this.history = history;
    }

    /** Answers a request for {@code uri}, a search or one task, once the history has found it. */
    void answer(ChannelHandlerContext ctx, boolean keepAlive, String uri) {
        if (history == null) {
            HttpReplies.send(ctx, keepAlive, HttpReplies.error(HttpResponseStatus.NOT_FOUND, "not_found",
                    "this daemon keeps no task history (it was started with --history 0)"));
            return;
        }
        QueryStringDecoder query = new QueryStringDecoder(uri);
        CompletableFuture<ObjectNode> answer;
        if (query.path().equals(PATH)) {
            Map<String, List<String>> params = query.parameters();
            int limit;
            try {
                limit = param(params, "limit") == null ? DEFAULT_LIMIT : Integer.parseInt(param(params, "limit"));
            } catch (NumberFormatException e) {
                HttpReplies.send(ctx, keepAlive, HttpReplies.error(HttpResponseStatus.BAD_REQUEST, "bad_request",
                        "limit must be a whole number, got '" + param(params, "limit") + "'"));
                return;
            }
            answer = history.search(param(params, "id"), param(params, "class"), param(params, "outcome"), limit);
        } else {
            long seq;
            try {
                seq = Long.parseLong(query.path().substring(PATH.length() + 1));
            } catch (NumberFormatException e) {
                HttpReplies.send(ctx, keepAlive, HttpReplies.error(HttpResponseStatus.NOT_FOUND, "not_found",
                        "a task in the history is /api/tasks/SEQ, SEQ the number a search gives it"));
                return;
            }
            answer = history.get(seq);
        }
        answer.whenComplete((found, error) -> ctx.executor().execute(() -> {
            FullHttpResponse response = error != null
                    ? HttpReplies.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", String.valueOf(error.getMessage()))
                    : found == null ? HttpReplies.error(HttpResponseStatus.NOT_FOUND, "not_found",
                            "no such task in the history (it keeps the newest tasks only)")
                    : HttpReplies.json(HttpResponseStatus.OK, found);
            HttpReplies.send(ctx, keepAlive, response);
        }));
    }

    /** The parameter's value; null when missing or blank. */
    private static String param(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() || values.get(0).isBlank() ? null : values.get(0).trim();
    }
}
