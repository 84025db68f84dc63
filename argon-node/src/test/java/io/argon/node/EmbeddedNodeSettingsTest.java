package io.argon.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.argon.core.security.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddedNodeSettingsTest {
    private static Secret secret() {
        return Secret.of("0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void buildersToldTheSameHaveEqualSettings() {
        EmbeddedNode.Builder one = EmbeddedNode.builder().workers(2).include(Path.of("tasks.jar")).secret(secret());
        EmbeddedNode.Builder other = EmbeddedNode.builder().secret(secret()).include(Path.of("tasks.jar")).workers(2);
        assertThat(one.settings()).isEqualTo(other.settings()).hasSameHashCodeAs(other.settings());
        assertThat(EmbeddedNode.builder().settings()).as("the defaults, told or not")
                .isEqualTo(EmbeddedNode.builder().workers(1).queueLimit(64).shutdownGrace(Duration.ofSeconds(30)).settings());
    }

    @Test
    void anySettingMakesADifference() {
        EmbeddedNode.Settings defaults = EmbeddedNode.builder().settings();
        List<EmbeddedNode.Builder> changed = List.of(
                EmbeddedNode.builder().workers(2),
                EmbeddedNode.builder().port(4000),
                EmbeddedNode.builder().include(Path.of("x")),
                EmbeddedNode.builder().ownClasspath(false),
                EmbeddedNode.builder().recycleAfter(5),
                EmbeddedNode.builder().queueLimit(3),
                EmbeddedNode.builder().workerJvmOptions(List.of("-Xmx64m")),
                EmbeddedNode.builder().taskTimeout(Duration.ofSeconds(1)),
                EmbeddedNode.builder().shutdownGrace(Duration.ofSeconds(1)),
                EmbeddedNode.builder().maxAttempts(1),
                EmbeddedNode.builder().httpPort(0),
                EmbeddedNode.builder().classDataDir(Path.of("cds")),
                EmbeddedNode.builder().secret(secret()));
        for (EmbeddedNode.Builder builder : changed) {
            assertThat(builder.settings()).isNotEqualTo(defaults);
        }
    }

    @Test
    void settingsAreASnapshot() {
        EmbeddedNode.Builder builder = EmbeddedNode.builder().include(Path.of("a"));
        EmbeddedNode.Settings before = builder.settings();
        builder.include(Path.of("b")).workers(3);
        assertThat(before.includes()).containsExactly(Path.of("a"));
        assertThat(before.workers()).isEqualTo(1);
    }
}
