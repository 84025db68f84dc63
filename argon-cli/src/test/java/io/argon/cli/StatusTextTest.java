package io.argon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.argon.protocol.Json;
import org.junit.jupiter.api.Test;

class StatusTextTest {
    @Test
    void aNodeReportReadsAsTotalsAndATableOfWorkers() throws Exception {
        String text = StatusText.render(Json.MAPPER.readTree("""
                {"role": "node", "version": "1.2.3", "uptime_ms": 185000, "workers": 2, "busy": 1, "idle": 1,
                 "queued": 3, "queue_limit": 64, "queued_by_priority": {"max": 0, "high": 1, "normal": 2},
                 "pool": [{"id": 1, "pid": 4001, "state": "busy", "uptime_ms": 185000, "tasks_done": 12,
                           "rss_bytes": 52428800, "generation": 0,
                           "task": {"class": "io.argon.examples.SampleTask", "id": "7", "running_ms": 4200}},
                          {"id": 2, "pid": 4002, "state": "idle", "uptime_ms": 900, "tasks_done": 0, "generation": 1}],
                 "tasks": {"result": 12, "rejected": 0, "timeout": 1},
                 "managers": [{"address": "10.0.0.1:8000", "registered": true}, {"address": "10.0.0.2:8000", "registered": false}]}
                """));
        assertThat(text).isEqualTo("""
                node 1.2.3, up 3m 5s
                workers: 1 busy, 1 idle, of 2
                  ID  PID   STATE  GEN  UP      DONE  RSS     TASK
                  1   4001  busy   0    3m 5s   12    50 MiB  io.argon.examples.SampleTask (id 7), running 4.2 s
                  2   4002  idle   1    900 ms  0     -
                manager: 10.0.0.1:8000, registered
                manager: 10.0.0.2:8000, not registered
                queue: 3 waiting of 64 (high 1, normal 2)
                tasks: 12 results, 1 timeout
                """);
    }

    @Test
    void aManagerReportListsItsNodes() throws Exception {
        String text = StatusText.render(Json.MAPPER.readTree("""
                {"role": "manager", "version": "1.2.3", "uptime_ms": 7200000, "draining": true, "queued": 0,
                 "queue_limit": 1024, "queued_by_priority": {"normal": 0},
                 "nodes": [{"address": "10.0.0.5:8000", "workers": 4, "in_flight": 3, "window": 4, "tasks_done": 1,
                            "average_task_ms": 1.5, "round_trip_ms": 0.25, "last_seen_ms_ago": 420, "leaving": true}],
                 "tasks": {"result": 1}}
                """));
        assertThat(text).isEqualTo("""
                manager 1.2.3, up 2h 0m, draining: taking no new tasks
                nodes: 1
                  ADDRESS                  WORKERS  IN FLIGHT  WINDOW  DONE  AVG TASK  ROUND TRIP  LAST SEEN
                  10.0.0.5:8000 (leaving)  4        3          4       1     1.50 ms   0.25 ms     420 ms ago
                queue: 0 waiting of 1024
                tasks: 1 result
                """);
    }

    @Test
    void durationsReadAtTheirScale() {
        assertThat(StatusText.duration(0)).isEqualTo("0 ms");
        assertThat(StatusText.duration(59_949)).isEqualTo("59.9 s");
        assertThat(StatusText.duration(3_599_000)).isEqualTo("59m 59s");
        assertThat(StatusText.duration(90_000_000)).isEqualTo("1d 1h");
    }
}
