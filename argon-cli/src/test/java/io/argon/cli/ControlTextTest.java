package io.argon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.argon.protocol.Json;
import org.junit.jupiter.api.Test;

/** What reload, drain and undrain print by default: one line a person reads, per daemon asked. */
class ControlTextTest {
    private static String render(String json) throws Exception {
        return ControlText.render(Json.MAPPER.readTree(json));
    }

    @Test
    void aNodesReportReadsAsWhatWasDone() throws Exception {
        assertThat(render("{\"address\":\"127.0.0.1:8001\",\"action\":\"reload\",\"workers_replaced\":4}"))
                .isEqualTo("127.0.0.1:8001: reloaded, 4 workers replaced");
        assertThat(render("{\"address\":\"127.0.0.1:8001\",\"action\":\"drain\",\"drained\":true}"))
                .isEqualTo("127.0.0.1:8001: drained: it takes no new task and holds none now");
        assertThat(render("{\"address\":\"127.0.0.1:8001\",\"action\":\"undrain\",\"was_drained\":false}"))
                .isEqualTo("127.0.0.1:8001: was not drained; it takes tasks");
    }

    @Test
    void aManagersReportNamesEachNode() throws Exception {
        assertThat(render("""
                {"address":"10.0.0.9:8000","action":"reload","nodes":[
                  {"address":"10.0.0.1:8001","workers_replaced":2},{"address":"10.0.0.2:8001","skipped":"leaving"}]}"""))
                .isEqualTo("10.0.0.9:8000: reloaded 2 nodes: 10.0.0.1:8001 reloaded, 2 workers replaced; 10.0.0.2:8001 skipped (leaving)");
        assertThat(render("{\"address\":\"10.0.0.9:8000\",\"action\":\"drain\",\"nodes\":[{\"address\":\"10.0.0.1:8001\",\"drained\":true}]}"))
                .isEqualTo("10.0.0.9:8000: node 10.0.0.1:8001 drained: it takes no new task and holds none now");
    }
}
